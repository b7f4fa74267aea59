/** Image-quality and accuracy metrics: PSNR, SSIM, the CIEDE2000 colour difference, L-infinity, L2 and top-1 accuracy. */
package dev.pixelprivacy.core.metrics;
