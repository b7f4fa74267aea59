/**
 * Verification after the platform: what a photo sharing site does to an upload ({@link PlatformChain}: a
 * real downscale through TwelveMonkeys' {@code ResampleOp} and a real JPEG re-encoding through ImageIO, no
 * differentiable surrogate), what models that were never attacked say before and after
 * ({@link Verifier}, {@link Judge}), what the written file costs in PSNR, SSIM and CIEDE2000, and the
 * smallest budget that still changes every judge's class after the chain ({@link AdaptiveBudget}).
 */
package dev.pixelprivacy.paper.verify;
