/**
 * pixel-privacy paper: the MediaEval 2019 paper's methods and evaluation grid, and in
 * {@code dev.pixelprivacy.paper.reference} the authors' reference code (compatibility mode); in
 * {@code dev.pixelprivacy.paper.verify} the check of a protection after a platform's real resize and JPEG,
 * by models that were not attacked.
 */
module dev.pixelprivacy.paper {
    requires transitive dev.pixelprivacy.core;
    requires transitive dev.pixelprivacy.filters;
    requires transitive dev.pixelprivacy.dl4j;
    // TwelveMonkeys common-image (an automatic module): ResampleOp, the verification chain's resizer.
    requires com.twelvemonkeys.common.image;

    exports dev.pixelprivacy.paper;
    exports dev.pixelprivacy.paper.batch;
    exports dev.pixelprivacy.paper.reference;
    exports dev.pixelprivacy.paper.verify;

    provides dev.pixelprivacy.core.mask.MaskProvider with
            dev.pixelprivacy.paper.reference.ReferenceSalientDefenceMaskProvider;
}
