package dev.pixelprivacy.paper;

/** The methods of the paper's Table 1, plus the unconcealed FGSM they are measured against. */
public enum PaperMethod {
    /** FGSM with no mask (the paper's baseline). */
    FGSM("FGSM"),
    /** FGSM with the Salient Defence map (section 2.1). */
    SALIENT_DEFENCE("Salient Defence"),
    /** Salient Defence, then the saliency-guided tilt-shift (section 2.1, last paragraph). */
    SALIENT_DEFENCE_TILT_SHIFT("Salient Defence + tilt-shift"),
    /** The threat model's and the aesthetic scorer's gradients combined (section 2.2). */
    COUPLED_OPTIMISATION("Coupled Optimisation");

    private final String title;

    PaperMethod(String title) {
        this.title = title;
    }

    /** @return the name the paper uses, for tables */
    public String title() {
        return title;
    }
}
