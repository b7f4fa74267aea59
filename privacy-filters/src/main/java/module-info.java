/** pixel-privacy filters: pure-Java image filters, weight-free saliency and the mask providers. */
module dev.pixelprivacy.filters {
    requires transitive dev.pixelprivacy.core;

    exports dev.pixelprivacy.filters;
    exports dev.pixelprivacy.filters.saliency;
    exports dev.pixelprivacy.filters.mask;
    // ReferenceEdgeMap (the authors' edge map, in privacy-paper) reflects indices as the filters do.
    exports dev.pixelprivacy.filters.internal to dev.pixelprivacy.paper;

    provides dev.pixelprivacy.core.mask.MaskProvider with
            dev.pixelprivacy.filters.mask.EdgesMaskProvider,
            dev.pixelprivacy.filters.mask.SalientDefenceMaskProvider,
            dev.pixelprivacy.filters.mask.InverseSaliencyMaskProvider;
}
