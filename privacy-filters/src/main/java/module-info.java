/** pixel-privacy filters: pure-Java image filters, weight-free saliency and the mask providers. */
module dev.pixelprivacy.filters {
    requires transitive dev.pixelprivacy.core;
}
