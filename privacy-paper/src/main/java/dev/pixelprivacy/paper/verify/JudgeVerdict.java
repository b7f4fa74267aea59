package dev.pixelprivacy.paper.verify;

import dev.pixelprivacy.core.model.Prediction;

/**
 * What one judge says about a photo after the platform's chain.
 *
 * @param judge the judge
 * @param before its prediction on the clean photo after the chain
 * @param after its prediction on the protected file after the chain
 */
public record JudgeVerdict(Judge judge, Prediction before, Prediction after) {
    /** @return whether the judge's top-1 class differs between the clean photo and the protected file */
    public boolean changed() {
        return before.label() != after.label();
    }
}
