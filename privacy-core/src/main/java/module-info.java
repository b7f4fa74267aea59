/**
 * pixel-privacy core: the image types, the model interfaces, the attacks, the mask service
 * and the metrics. Depends on nothing outside the JDK.
 */
module dev.pixelprivacy.core {
    requires transitive java.desktop;

    exports dev.pixelprivacy.core;
    exports dev.pixelprivacy.core.image;
    exports dev.pixelprivacy.core.io;
    exports dev.pixelprivacy.core.model;
    exports dev.pixelprivacy.core.mask;
    exports dev.pixelprivacy.core.attack;
    exports dev.pixelprivacy.core.metrics;
    exports dev.pixelprivacy.core.eval;
    exports dev.pixelprivacy.core.protect;
    exports dev.pixelprivacy.core.transform;

    uses dev.pixelprivacy.core.mask.MaskProvider;

    provides dev.pixelprivacy.core.mask.MaskProvider with dev.pixelprivacy.core.mask.UniformMaskProvider;
}
