/** Image-quality and accuracy metrics: PSNR, SSIM, L-infinity, L2 and top-1 accuracy. */
package dev.pixelprivacy.core.metrics;
