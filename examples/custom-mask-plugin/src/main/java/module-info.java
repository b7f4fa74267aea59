/** An example mask plugin for pixel-privacy. */
module com.example.masks {
    requires dev.pixelprivacy.core;

    provides dev.pixelprivacy.core.mask.MaskProvider with com.example.masks.BorderMaskProvider;
}
