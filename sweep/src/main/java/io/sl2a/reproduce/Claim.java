package io.sl2a.reproduce;

/**
 * One claim of the paper beside our measurement.
 *
 * @param statement the claim in a sentence ("SL2A has the best mean PSNR of the six methods")
 * @param source where the paper makes it ("ICCV Table 1", "preprint Table 2")
 * @param paper the paper's figure, as text with its unit ("36.88 dB")
 * @param ours our figure, as text with its unit
 * @param difference ours minus the paper's, as text ("" where the two do not subtract)
 * @param verdict what our figure says of the claim
 * @param why the reason of the verdict, and the scale it was measured at
 */
public record Claim(String statement, String source, String paper, String ours, String difference, Verdict verdict,
        String why) {
}
