// Plain data the inspect worker sends to the page (structured-clone safe).
/** A float32 tensor's dims and data, row-major. */
export interface Tensor32 {
  dims: number[];
  data: Float32Array;
}
