// The lab's own doc-tower encoder kernels: the post-LN BERT of
// training/model.py (embeddings → L × [attention, FFN] → attention pooling →
// dense), in WASM SIMD128, for the doc-encoding workers (towerKernel.ts).
//
// Why not ORT: the towers are hidden 64, and ORT's WASM EP runs their graph
// as ~170 small ops a batch, its exact GELU (BiasGelu/Erf) alone ~40% of the
// time (a scalar erf). These kernels fuse what ORT runs as separate ops and
// compute erf and exp four lanes at a time; the matmuls run a 4×8 register
// block (~25 GMAC/s a core in V8, about MLAS's rate on the same machine).
//
// Numerics: float32 throughout, the graph's own order of operations where it
// matters (LayerNorm divides by sqrt(var + eps); softmax subtracts the max);
// erf is Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7) and exp Cephes' expf
// polynomial (~1 ulp). towerKernel.ts checks every model's first batch
// against ORT and keeps ORT when they differ.
//
// Build: scripts/build-kernels.sh (clang --target=wasm32, no libc); the
// module is committed as base64 in towerWasm.ts. Memory belongs to JS: every
// pointer is a byte offset into the module's exported memory.
#include <wasm_simd128.h>

#define EXPORT(n) __attribute__((export_name(n)))
typedef float f4 __attribute__((vector_size(16)));

static inline f4 splat(float x) { return (f4){x, x, x, x}; }
static inline f4 load(const float* p) { return (f4)wasm_v128_load(p); }
static inline void store(float* p, f4 v) { wasm_v128_store(p, (v128_t)v); }
static inline float hsum(f4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }
static inline float hmax(f4 v) {
  float a = v[0] > v[1] ? v[0] : v[1], b = v[2] > v[3] ? v[2] : v[3];
  return a > b ? a : b;
}

// e^x, Cephes expf: x = n·ln2 + r, e^r by a degree-6 polynomial, 2^n in the exponent bits.
// n is rounded with the 1.5·2^23 trick (V8 lowers trunc_sat to a long sequence on x64).
// Clamped to [-87.3, 88.3]: e^-87.3 ≈ 1e-38 stands in for the 0 of a masked score.
static inline f4 vexp(f4 x) {
  x = (f4)wasm_f32x4_pmin(wasm_f32x4_pmax((v128_t)x, (v128_t)splat(-87.3f)), (v128_t)splat(88.3f));
  f4 big = x * 1.44269504088896341f + 12582912.0f; // 1.5·2^23 + round(x·log2 e) in the low bits
  f4 n = big - 12582912.0f;
  x = x - n * 0.693359375f;
  x = x - n * -2.12194440e-4f;
  f4 z = x * x;
  f4 y = splat(1.9875691500e-4f);
  y = y * x + 1.3981999507e-3f;
  y = y * x + 8.3334519073e-3f;
  y = y * x + 4.1665795894e-2f;
  y = y * x + 1.6666665459e-1f;
  y = y * x + 5.0000001201e-1f;
  y = y * z + x + 1.0f;
  v128_t e = wasm_i32x4_shl(wasm_i32x4_sub((v128_t)big, wasm_i32x4_splat(0x4B400000 - 127)), 23);
  return y * (f4)e;
}

// out = x·w + bias with row strides: x [M, K] (lda), w [K, N] (ldw), out [M, N] (ldo);
// w row-major as ONNX MatMul holds it; N % 8 == 0. A 4×8 register block: 8 accumulators,
// 2 weight vectors and a splat fit x64's 16 vector registers.
static void gemm_s(const float* x, int lda, const float* w, int ldw, const float* bias, float* out, int ldo, int M, int K, int N) {
  int m = 0;
  for (; m + 4 <= M; m += 4) {
    const float *a0 = x + m * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
    for (int n = 0; n < N; n += 8) {
      f4 b0 = load(bias + n), b1 = load(bias + n + 4);
      f4 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
      const float* wp = w + n;
      for (int k = 0; k < K; k++, wp += ldw) {
        f4 w0 = load(wp), w1 = load(wp + 4), s;
        s = splat(a0[k]); c00 += s * w0; c01 += s * w1;
        s = splat(a1[k]); c10 += s * w0; c11 += s * w1;
        s = splat(a2[k]); c20 += s * w0; c21 += s * w1;
        s = splat(a3[k]); c30 += s * w0; c31 += s * w1;
      }
      float* c = out + m * ldo + n;
      store(c, c00); store(c + 4, c01); c += ldo;
      store(c, c10); store(c + 4, c11); c += ldo;
      store(c, c20); store(c + 4, c21); c += ldo;
      store(c, c30); store(c + 4, c31);
    }
  }
  for (; m < M; m++) {
    const float* a0 = x + m * lda;
    for (int n = 0; n < N; n += 8) {
      f4 c0 = load(bias + n), c1 = load(bias + n + 4);
      const float* wp = w + n;
      for (int k = 0; k < K; k++, wp += ldw) {
        f4 s = splat(a0[k]);
        c0 += s * load(wp); c1 += s * load(wp + 4);
      }
      store(out + m * ldo + n, c0); store(out + m * ldo + n + 4, c1);
    }
  }
}

// out = x[M,K]·w[K,N] + bias[N], rows contiguous. N % 8 == 0.
EXPORT("gemm")
void gemm(const float* x, const float* w, const float* bias, float* out, int M, int K, int N) {
  gemm_s(x, K, w, N, bias, out, N, M, K, N);
}

// x = LayerNorm(x + res) over rows of H (H % 4 == 0); res may be 0 (no residual).
EXPORT("add_layernorm")
void add_layernorm(float* x, const float* res, const float* gamma, const float* beta, int M, int H, float eps) {
  for (int m = 0; m < M; m++) {
    float* r = x + m * H;
    f4 s = splat(0);
    for (int j = 0; j < H; j += 4) {
      f4 v = load(r + j);
      if (res) { v += load(res + m * H + j); store(r + j, v); }
      s += v;
    }
    f4 mean = splat(hsum(s) / H), q = splat(0);
    for (int j = 0; j < H; j += 4) { f4 d = load(r + j) - mean; q += d * d; }
    f4 sd = (f4)wasm_f32x4_sqrt((v128_t)splat(hsum(q) / H + eps));
    for (int j = 0; j < H; j += 4) store(r + j, (load(r + j) - mean) / sd * load(gamma + j) + load(beta + j));
  }
}

// x = GELU(x) = x·(1 + erf(x / root2))/2, the exact (erf) form of nn.GELU, in place; n % 4 == 0.
// root2 is the graph's own √2 constant (an fp16 file holds 1.4140625). 1 + erf from
// erfc(|z|) = t·P(t)·e^(−z²) (A&S 7.1.26), so the tail x ≪ 0 keeps its digits.
EXPORT("gelu")
void gelu(float* x, int n, float root2) {
  f4 inv = splat(1.0f / root2);
  for (int i = 0; i < n; i += 4) {
    f4 v = load(x + i);
    f4 z = (f4)wasm_f32x4_abs((v128_t)v) * inv;
    f4 t = 1.0f / (z * 0.3275911f + 1.0f);
    f4 p = ((((t * 1.061405429f - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t;
    f4 erfc = p * vexp(-(z * z));
    f4 neg = (f4)wasm_f32x4_lt((v128_t)v, (v128_t)splat(0));
    f4 phi2 = (f4)wasm_v128_bitselect((v128_t)erfc, (v128_t)(2.0f - erfc), (v128_t)neg); // 2·Φ(x)
    store(x + i, v * 0.5f * phi2);
  }
}

// Multi-head self-attention of one layer. qkv [B, T, 3·H] as the qkv Linear writes it (q, k, v,
// each heads × d); keybias [B, T]: 0 for tokens, −10000 for pads; out [B, T, H], heads
// concatenated. Per (batch, head) two small matmuls on the gemm block: scores = q·(scale·k)ᵀ +
// keybias (the bias rides in as the gemm's bias row), a row softmax, then probs·v.
// scratch: d·Tp + Tp·d + Tp + T·Tp + d floats, Tp = T rounded up to 8. d % 8 == 0.
EXPORT("attention")
void attention(const float* qkv, const float* keybias, float* out, float* scratch, int B, int T, int heads, int d, float scale) {
  int H = heads * d, S = 3 * H, Tp = (T + 7) & ~7;
  float *kt = scratch, *v = kt + d * Tp, *kb = v + Tp * d, *p = kb + Tp, *zero = p + T * Tp;
  for (int c = 0; c < d; c++) zero[c] = 0.0f;
  for (int j = T; j < Tp; j++)
    for (int c = 0; c < d; c++) v[j * d + c] = 0.0f;
  for (int b = 0; b < B; b++) {
    const float* base = qkv + b * T * S;
    // padding keys beyond T: −1e30 → e^(−87.3) after the clamp, ~1e-38 of the mass, times a zero row of v
    for (int j = 0; j < Tp; j++) kb[j] = j < T ? keybias[b * T + j] : -1e30f;
    for (int h = 0; h < heads; h++) {
      for (int j = 0; j < T; j++) {
        const float* k = base + j * S + H + h * d;
        for (int c = 0; c < d; c++) kt[c * Tp + j] = k[c] * scale;
        for (int c = 0; c < d; c += 4) store(v + j * d + c, load(base + j * S + 2 * H + h * d + c));
      }
      for (int c = 0; c < d; c++)
        for (int j = T; j < Tp; j++) kt[c * Tp + j] = 0.0f;
      gemm_s(base + h * d, S, kt, Tp, kb, p, Tp, T, d, Tp);
      for (int i = 0; i < T; i++) {
        float* row = p + i * Tp;
        f4 mx = load(row);
        for (int j = 4; j < Tp; j += 4) mx = (f4)wasm_f32x4_pmax((v128_t)mx, (v128_t)load(row + j));
        f4 m = splat(hmax(mx)), sum = splat(0);
        for (int j = 0; j < Tp; j += 4) { f4 e = vexp(load(row + j) - m); store(row + j, e); sum += e; }
        f4 inv = splat(1.0f / hsum(sum));
        for (int j = 0; j < Tp; j += 4) store(row + j, load(row + j) * inv);
      }
      gemm_s(p, Tp, v, d, zero, out + b * T * H + h * d, H, T, Tp, d);
    }
  }
}

// Attention pooling (AttnPool): per head k, a softmax over the tokens of x·ws[:, k] + bs[k] +
// keybias, and out[b, k·H + j] = Σ_t p[t, k]·x[t, j]. ws [H, K]; out [B, K·H];
// scratch: T·K floats. H % 4 == 0.
EXPORT("attn_pool")
void attn_pool(const float* x, const float* keybias, const float* ws, const float* bs, float* out, float* scratch, int B, int T, int H, int K) {
  for (int b = 0; b < B; b++) {
    const float* xb = x + b * T * H;
    for (int t = 0; t < T; t++)
      for (int k = 0; k < K; k++) {
        float a = 0;
        for (int c = 0; c < H; c++) a += xb[t * H + c] * ws[c * K + k];
        scratch[t * K + k] = a + bs[k] + keybias[b * T + t];
      }
    for (int k = 0; k < K; k++) {
      float mx = -3.0e38f, sum = 0;
      for (int t = 0; t < T; t++) mx = scratch[t * K + k] > mx ? scratch[t * K + k] : mx;
      for (int t = 0; t < T; t++) {
        float e = vexp(splat(scratch[t * K + k] - mx))[0];
        scratch[t * K + k] = e;
        sum += e;
      }
      float inv = 1.0f / sum;
      float* o = out + b * K * H + k * H;
      for (int c = 0; c < H; c += 4) {
        f4 acc = splat(0);
        for (int t = 0; t < T; t++) acc += splat(scratch[t * K + k]) * load(xb + t * H + c);
        store(o + c, acc * inv);
      }
    }
  }
}

// x[b, t] = word[ids[b, t]] + pos[t] + type0, rows of H (H % 4 == 0). ids are checked by the caller.
EXPORT("embed")
void embed(const int* ids, const float* word, const float* pos, const float* type0, float* x, int B, int T, int H) {
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++) {
      const float *w = word + ids[b * T + t] * H, *p = pos + t * H;
      float* r = x + (b * T + t) * H;
      for (int j = 0; j < H; j += 4) store(r + j, load(w + j) + load(p + j) + load(type0 + j));
    }
}
