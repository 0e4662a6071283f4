package recfleet.node.transcode;

/**
 * NGlive's rate-control modes. COPY only remuxes; CRF is a constant rate factor; CQ a constant
 * quantizer; B a fixed (constant) bitrate; ABR an average bitrate; VBR a variable bitrate whose
 * average is the target and whose peaks are capped.
 */
public enum TranscodeMode {
  COPY, CRF, CQ, B, ABR, VBR
}
