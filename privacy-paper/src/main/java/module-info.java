/**
 * pixel-privacy paper: the MediaEval 2019 paper's methods and evaluation grid, and in
 * {@code dev.pixelprivacy.paper.reference} the authors' reference code (compatibility mode).
 */
module dev.pixelprivacy.paper {
    requires transitive dev.pixelprivacy.core;
    requires transitive dev.pixelprivacy.filters;
    requires transitive dev.pixelprivacy.dl4j;

    exports dev.pixelprivacy.paper;
    exports dev.pixelprivacy.paper.batch;
    exports dev.pixelprivacy.paper.reference;

    provides dev.pixelprivacy.core.mask.MaskProvider with
            dev.pixelprivacy.paper.reference.ReferenceSalientDefenceMaskProvider;
}
