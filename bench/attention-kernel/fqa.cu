// Few-query attention: each (row, head) brings 1-32 pre-scaled queries over S keys and values
// (head_dim 64, half precision). One block per (head, row, query group of 32), 4 warps, each
// warp owning up to 8 queries; keys and values pass through shared memory in tiles of 64, the
// softmax is online (running max and sum), every sum in float.
// NVRTC 12.4 has no cuda_fp16.h built in: half values travel as 16-bit integers, converted in PTX
typedef unsigned short half_t;
typedef unsigned int half2_t;
__device__ __forceinline__ float h2f(half_t h) { float f; asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h)); return f; }
__device__ __forceinline__ half_t f2h(float f) { half_t h; asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f)); return h; }
__device__ __forceinline__ float2 h22f(half2_t v) { return make_float2(h2f((half_t)(v & 0xffff)), h2f((half_t)(v >> 16))); }
__device__ __forceinline__ half2_t f22h(float a, float b) { return (half2_t)f2h(a) | ((half2_t)f2h(b) << 16); }
#define HD 64
#define TILE 64
#define PAD 66            // halves per shared row: 33 words, so lane j reading row j hits bank j
#define WARPS 4
#define QPW 8             // queries per warp
extern "C" __global__ void __launch_bounds__(128)
few_query_attention(const half_t* __restrict__ q, long long q_row, long long q_head,
                    const half_t* __restrict__ k, const half_t* __restrict__ v,
                    long long kv_row, long long kv_head, int s_len, int t_len,
                    half_t* __restrict__ out, long long out_row) {
  __shared__ half_t ks[TILE * PAD];
  __shared__ half_t vs[TILE * PAD];
  __shared__ float qs[WARPS * QPW][HD];
  __shared__ float ps[WARPS][TILE];
  const int head = blockIdx.x, row = blockIdx.y, lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int first = blockIdx.z * WARPS * QPW;
  const int count = min(t_len - first, WARPS * QPW);
  for (int i = threadIdx.x; i < count * HD; i += blockDim.x) {
    int t = i / HD, d = i % HD;
    qs[t][d] = h2f(q[(long long)(row * t_len + first + t) * q_row + head * q_head + d]);
  }
  float m[QPW], l[QPW], a0[QPW], a1[QPW];
#pragma unroll
  for (int j = 0; j < QPW; j++) { m[j] = -1e30f; l[j] = 0.f; a0[j] = 0.f; a1[j] = 0.f; }
  const half_t* kb = k + row * kv_row + head * kv_head;
  const half_t* vb = v + row * kv_row + head * kv_head;
  for (int base = 0; base < s_len; base += TILE) {
    const int n = min(TILE, s_len - base);
    __syncthreads();
    for (int i = threadIdx.x; i < n * (HD / 8); i += blockDim.x) {   // 16-byte loads
      int r = i / (HD / 8), c = (i % (HD / 8)) * 8;
      uint4 kk = *reinterpret_cast<const uint4*>(kb + (long long)(base + r) * HD + c);
      uint4 vv = *reinterpret_cast<const uint4*>(vb + (long long)(base + r) * HD + c);
      const half2_t* k2 = reinterpret_cast<const half2_t*>(&kk);
      const half2_t* v2 = reinterpret_cast<const half2_t*>(&vv);
      half2_t* kd = reinterpret_cast<half2_t*>(ks + r * PAD + c);
      half2_t* vd = reinterpret_cast<half2_t*>(vs + r * PAD + c);
#pragma unroll
      for (int w = 0; w < 4; w++) { kd[w] = k2[w]; vd[w] = v2[w]; }
    }
    __syncthreads();
#pragma unroll
    for (int j = 0; j < QPW; j++) {
      const int t = warp * QPW + j;
      if (t >= count) break;
      float s0 = -1e30f, s1 = -1e30f;
      if (lane < n) {
        float acc = 0.f;
        const half2_t* kr = reinterpret_cast<const half2_t*>(ks + lane * PAD);
#pragma unroll
        for (int d = 0; d < HD / 2; d++) { float2 f = h22f(kr[d]); acc += f.x * qs[t][2 * d] + f.y * qs[t][2 * d + 1]; }
        s0 = acc;
      }
      if (lane + 32 < n) {
        float acc = 0.f;
        const half2_t* kr = reinterpret_cast<const half2_t*>(ks + (lane + 32) * PAD);
#pragma unroll
        for (int d = 0; d < HD / 2; d++) { float2 f = h22f(kr[d]); acc += f.x * qs[t][2 * d] + f.y * qs[t][2 * d + 1]; }
        s1 = acc;
      }
      float mx = fmaxf(s0, s1);
#pragma unroll
      for (int o = 16; o > 0; o >>= 1) mx = fmaxf(mx, __shfl_xor_sync(0xffffffff, mx, o));
      const float m_new = fmaxf(m[j], mx), scale = __expf(m[j] - m_new);
      const float p0 = lane < n ? __expf(s0 - m_new) : 0.f, p1 = lane + 32 < n ? __expf(s1 - m_new) : 0.f;
      float sum = p0 + p1;
#pragma unroll
      for (int o = 16; o > 0; o >>= 1) sum += __shfl_xor_sync(0xffffffff, sum, o);
      l[j] = l[j] * scale + sum; m[j] = m_new; a0[j] *= scale; a1[j] *= scale;
      ps[warp][lane] = p0; ps[warp][lane + 32] = p1;
      __syncwarp();
      for (int r = 0; r < n; r++) {
        float2 f = h22f(reinterpret_cast<const half2_t*>(vs + r * PAD)[lane]);
        a0[j] += ps[warp][r] * f.x; a1[j] += ps[warp][r] * f.y;
      }
      __syncwarp();
    }
  }
#pragma unroll
  for (int j = 0; j < QPW; j++) {
    const int t = warp * QPW + j;
    if (t >= count) break;
    half2_t o = f22h(a0[j] / l[j], a1[j] / l[j]);
    reinterpret_cast<half2_t*>(out + (long long)(row * t_len + first + t) * out_row + head * HD)[lane] = o;
  }
}

// The same attention with one query per lane: a warp holds 32 queries' vectors and sums in registers, reads
// each key and value once from shared memory as a broadcast, and the block's 4 warps split each tile's 64
// keys (16 each); their softmax states are merged into warp 0 at the end.
extern "C" __global__ void __launch_bounds__(128)
few_query_attention_lanes(const half_t* __restrict__ q, long long q_row, long long q_head,
                          const half_t* __restrict__ k, const half_t* __restrict__ v,
                          long long kv_row, long long kv_head, int s_len, int t_len,
                          half_t* __restrict__ out, long long out_row) {
  __shared__ __align__(16) half_t ks[TILE * HD];
  __shared__ __align__(16) half_t vs[TILE * HD];
  __shared__ float merge[32][HD + 2];
  const int head = blockIdx.x, row = blockIdx.y, lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  const int t = blockIdx.z * 32 + lane;
  const bool active = t < t_len;
  float qr[HD], acc[HD];
  if (active) {
    const half2_t* qp = reinterpret_cast<const half2_t*>(q + (long long)(row * t_len + t) * q_row + head * q_head);
#pragma unroll
    for (int d = 0; d < HD / 2; d++) { float2 f = h22f(qp[d]); qr[2 * d] = f.x; qr[2 * d + 1] = f.y; }
  } else {
#pragma unroll
    for (int d = 0; d < HD; d++) qr[d] = 0.f;
  }
#pragma unroll
  for (int d = 0; d < HD; d++) acc[d] = 0.f;
  float m = -1e30f, l = 0.f;
  const half_t* kb = k + row * kv_row + head * kv_head;
  const half_t* vb = v + row * kv_row + head * kv_head;
  for (int base = 0; base < s_len; base += TILE) {
    const int n = min(TILE, s_len - base);
    __syncthreads();
    for (int i = threadIdx.x; i < n * (HD / 8); i += blockDim.x) {
      int r = i / (HD / 8), c = (i % (HD / 8)) * 8;
      *reinterpret_cast<uint4*>(ks + r * HD + c) = *reinterpret_cast<const uint4*>(kb + (long long)(base + r) * HD + c);
      *reinterpret_cast<uint4*>(vs + r * HD + c) = *reinterpret_cast<const uint4*>(vb + (long long)(base + r) * HD + c);
    }
    __syncthreads();
    const int r0 = warp * (TILE / WARPS), r1 = min(r0 + TILE / WARPS, n);
    if (r0 >= r1) continue;
    float sc[TILE / WARPS];
    float mx = m;
#pragma unroll
    for (int j = 0; j < TILE / WARPS; j++) {
      float s = -1e30f;
      if (r0 + j < r1) {
        const half2_t* kr = reinterpret_cast<const half2_t*>(ks + (r0 + j) * HD);
        float a = 0.f;
#pragma unroll
        for (int d = 0; d < HD / 2; d++) { float2 f = h22f(kr[d]); a += f.x * qr[2 * d] + f.y * qr[2 * d + 1]; }
        s = a;
      }
      sc[j] = s;
      mx = fmaxf(mx, s);
    }
    const float scale = __expf(m - mx);
    l *= scale;
#pragma unroll
    for (int d = 0; d < HD; d++) acc[d] *= scale;
#pragma unroll
    for (int j = 0; j < TILE / WARPS; j++) {
      if (r0 + j < r1) {
        const float p = __expf(sc[j] - mx);
        l += p;
        const half2_t* vr = reinterpret_cast<const half2_t*>(vs + (r0 + j) * HD);
#pragma unroll
        for (int d = 0; d < HD / 2; d++) { float2 f = h22f(vr[d]); acc[2 * d] += p * f.x; acc[2 * d + 1] += p * f.y; }
      }
    }
    m = mx;
  }
  for (int w = 1; w < WARPS; w++) {
    __syncthreads();
    if (warp == w) {
      merge[lane][0] = m; merge[lane][1] = l;
#pragma unroll
      for (int d = 0; d < HD; d++) merge[lane][2 + d] = acc[d];
    }
    __syncthreads();
    if (warp == 0) {
      const float mo = merge[lane][0], mn = fmaxf(m, mo);
      const float a = __expf(m - mn), b = __expf(mo - mn);
      l = l * a + merge[lane][1] * b;
#pragma unroll
      for (int d = 0; d < HD; d++) acc[d] = acc[d] * a + merge[lane][2 + d] * b;
      m = mn;
    }
  }
  if (warp == 0 && active) {
    half2_t* o = reinterpret_cast<half2_t*>(out + (long long)(row * t_len + t) * out_row + head * HD);
#pragma unroll
    for (int d = 0; d < HD / 2; d++) o[d] = f22h(acc[2 * d] / l, acc[2 * d + 1] / l);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tensor-core version (mma.sync m16n8k16, f16 in, f32 accumulate). Same arguments and launch as above:
// grid (heads, rows, ceil(T/32)), 32 * W threads. A block takes up to 32 queries of one (row, head) as one
// or two 16-query tiles (padded with zero queries); its W warps split the keys in chunks of 16 (warp w takes
// chunks w, w+W, ...), each warp keeps an online softmax for its keys in registers, and the warps' partial
// results are merged at the end through shared memory. Keys and values go straight from global memory to
// registers (no shared memory staging), in the layouts the mma fragments need:
//  - head_dim is permuted in the Q K^T product (a sum over it): thread (g = lane/4, c = lane%4) reads halves
//    [16c, 16c+16) of its query and key rows with two 16-byte loads, and word 2j / 2j+1 of that serve as the
//    k = 2c.. / 2c+8.. halves of k-step j, for queries and keys alike;
//  - the output columns are permuted in P V: n-tile i, column n is head_dim 8n+i, so thread g reads halves
//    [8g, 8g+8) of its four value rows with one 16-byte load each and pairs two keys' halves with prmt.
// Keys past s_len are masked (score -inf); their loads are clamped to row s_len-1 (finite data, weight 0).
// Needs s_len >= 1, 16-byte aligned rows (q, k, v, out rows and head offsets multiples of 8 halves) and key
// rows of one head contiguous (stride 64), as the kernels above.
__device__ __forceinline__ void mma16816(float (&d)[4], unsigned a0, unsigned a1, unsigned a2, unsigned a3,
                                         unsigned b0, unsigned b1) {
  asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}
__device__ __forceinline__ unsigned pack_h2(float lo, float hi) {
  unsigned r; asm("cvt.rn.f16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo)); return r;
}
__device__ __forceinline__ unsigned prmt(unsigned a, unsigned b, unsigned sel) {
  unsigned r; asm("prmt.b32 %0, %1, %2, %3;" : "=r"(r) : "r"(a), "r"(b), "r"(sel)); return r;
}
__device__ __forceinline__ float ex2(float x) { float r; asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x)); return r; }
__device__ __forceinline__ uint4 ld16(const half_t* p) {
  uint4 r;
  asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];"
               : "=r"(r.x), "=r"(r.y), "=r"(r.z), "=r"(r.w) : "l"(p));
  return r;
}
#define L2E 1.4426950408889634f
#define NEG_INF __int_as_float(0xff800000)

struct KVChunk { unsigned k[2][8]; unsigned v[4][4]; };   // 16 keys: K rows g, 8+g (halves 16c..); V rows 2c, 2c+1, 8+2c, 9+2c (halves 8g..)

__device__ __forceinline__ void load_chunk(KVChunk& ch, const half_t* kb, const half_t* vb, int base, int s_last,
                                           int g, int c) {
#pragma unroll
  for (int h = 0; h < 2; h++) {
    const half_t* p = kb + min(base + h * 8 + g, s_last) * HD + c * 16;
    uint4 a = ld16(p), b = ld16(p + 8);
    ch.k[h][0] = a.x; ch.k[h][1] = a.y; ch.k[h][2] = a.z; ch.k[h][3] = a.w;
    ch.k[h][4] = b.x; ch.k[h][5] = b.y; ch.k[h][6] = b.z; ch.k[h][7] = b.w;
  }
#pragma unroll
  for (int r = 0; r < 4; r++) {
    const int key = base + (r >> 1) * 8 + 2 * c + (r & 1);
    uint4 a = ld16(vb + min(key, s_last) * HD + g * 8);
    ch.v[r][0] = a.x; ch.v[r][1] = a.y; ch.v[r][2] = a.z; ch.v[r][3] = a.w;
  }
}

template <int NT>
__device__ __forceinline__ void chunk_step(const KVChunk& ch, const unsigned (&qa)[NT][4][4], float (&acc)[NT][8][4],
                                           float (&m)[NT][2], float (&l)[NT][2], int base, int s_len, int c) {
  unsigned vb[8][2];                        // value B fragments, shared by the query tiles
#pragma unroll
  for (int i = 0; i < 8; i++) {
    const unsigned sel = (i & 1) ? 0x7632u : 0x5410u;
    vb[i][0] = prmt(ch.v[0][i >> 1], ch.v[1][i >> 1], sel);
    vb[i][1] = prmt(ch.v[2][i >> 1], ch.v[3][i >> 1], sel);
  }
#pragma unroll
  for (int t = 0; t < NT; t++) {
    float s[2][4];
#pragma unroll
    for (int h = 0; h < 2; h++) {
      s[h][0] = s[h][1] = s[h][2] = s[h][3] = 0.f;
#pragma unroll
      for (int j = 0; j < 4; j++)
        mma16816(s[h], qa[t][j][0], qa[t][j][1], qa[t][j][2], qa[t][j][3], ch.k[h][2 * j], ch.k[h][2 * j + 1]);
    }
    if (base + 16 > s_len) {
#pragma unroll
      for (int h = 0; h < 2; h++)
#pragma unroll
        for (int e = 0; e < 4; e++)
          if (base + h * 8 + 2 * c + (e & 1) >= s_len) s[h][e] = NEG_INF;
    }
    float mx0 = fmaxf(fmaxf(s[0][0], s[0][1]), fmaxf(s[1][0], s[1][1]));
    float mx1 = fmaxf(fmaxf(s[0][2], s[0][3]), fmaxf(s[1][2], s[1][3]));
    mx0 = fmaxf(mx0, __shfl_xor_sync(0xffffffff, mx0, 1)); mx1 = fmaxf(mx1, __shfl_xor_sync(0xffffffff, mx1, 1));
    mx0 = fmaxf(mx0, __shfl_xor_sync(0xffffffff, mx0, 2)); mx1 = fmaxf(mx1, __shfl_xor_sync(0xffffffff, mx1, 2));
    const float n0 = fmaxf(m[t][0], mx0 * L2E), n1 = fmaxf(m[t][1], mx1 * L2E);
    const float a0 = ex2(m[t][0] - n0), a1 = ex2(m[t][1] - n1);
    m[t][0] = n0; m[t][1] = n1;
    float p[2][4];
#pragma unroll
    for (int h = 0; h < 2; h++) {
      p[h][0] = ex2(fmaf(s[h][0], L2E, -n0)); p[h][1] = ex2(fmaf(s[h][1], L2E, -n0));
      p[h][2] = ex2(fmaf(s[h][2], L2E, -n1)); p[h][3] = ex2(fmaf(s[h][3], L2E, -n1));
    }
    l[t][0] = l[t][0] * a0 + (p[0][0] + p[0][1]) + (p[1][0] + p[1][1]);
    l[t][1] = l[t][1] * a1 + (p[0][2] + p[0][3]) + (p[1][2] + p[1][3]);
    const unsigned pa0 = pack_h2(p[0][0], p[0][1]), pa1 = pack_h2(p[0][2], p[0][3]);
    const unsigned pa2 = pack_h2(p[1][0], p[1][1]), pa3 = pack_h2(p[1][2], p[1][3]);
#pragma unroll
    for (int i = 0; i < 8; i++) {
      acc[t][i][0] *= a0; acc[t][i][1] *= a0; acc[t][i][2] *= a1; acc[t][i][3] *= a1;
      mma16816(acc[t][i], pa0, pa1, pa2, pa3, vb[i][0], vb[i][1]);
    }
  }
}

// One warp's share: NT query tiles from query qoff of the block, key chunks wi, wi + wstep, ...; then the merge
// with the block's other warps (mbuf rows a warp does not own stay -inf).
template <int NT, int W>
__device__ __forceinline__ void fqa_mma_body(const half_t* __restrict__ q, long long q_row, long long q_head,
                                             const half_t* kb, const half_t* vb, int s_len, int t_len,
                                             half_t* __restrict__ out, long long out_row, int row, int head,
                                             int first, int count, int qoff, int wi, int wstep,
                                             float (*obuf)[66], float* lbuf, float (*mbuf)[32]) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, g = lane >> 2, c = lane & 3;
  unsigned qa[NT][4][4];
#pragma unroll
  for (int t = 0; t < NT; t++)
#pragma unroll
    for (int rr = 0; rr < 2; rr++) {
      const int qi = qoff + t * 16 + rr * 8 + g;
      uint4 a = make_uint4(0, 0, 0, 0), b = make_uint4(0, 0, 0, 0);
      if (qi < count) {
        const half_t* p = q + (long long)(row * t_len + first + qi) * q_row + head * q_head + c * 16;
        a = *reinterpret_cast<const uint4*>(p); b = *reinterpret_cast<const uint4*>(p + 8);
      }
      qa[t][0][rr] = a.x; qa[t][0][2 + rr] = a.y; qa[t][1][rr] = a.z; qa[t][1][2 + rr] = a.w;
      qa[t][2][rr] = b.x; qa[t][2][2 + rr] = b.y; qa[t][3][rr] = b.z; qa[t][3][2 + rr] = b.w;
    }
  float acc[NT][8][4], m[NT][2], l[NT][2];
#pragma unroll
  for (int t = 0; t < NT; t++) {
    m[t][0] = m[t][1] = NEG_INF; l[t][0] = l[t][1] = 0.f;
#pragma unroll
    for (int i = 0; i < 8; i++) acc[t][i][0] = acc[t][i][1] = acc[t][i][2] = acc[t][i][3] = 0.f;
  }
  const int nch = (s_len + 15) >> 4, s_last = s_len - 1;
  int ci = wi;
  if (ci < nch) {
    KVChunk cur, nxt;
    load_chunk(cur, kb, vb, ci * 16, s_last, g, c);
    for (; ci < nch; ci += wstep) {
      if (ci + wstep < nch) load_chunk(nxt, kb, vb, (ci + wstep) * 16, s_last, g, c);
      chunk_step<NT>(cur, qa, acc, m, l, ci * 16, s_len, c);
      cur = nxt;
    }
  }
  // merge the warps: common max per query row, then scaled sums added up in shared memory
  mbuf[warp][lane] = NEG_INF;
  __syncwarp();
#pragma unroll
  for (int t = 0; t < NT; t++)
#pragma unroll
    for (int rr = 0; rr < 2; rr++) {
      l[t][rr] += __shfl_xor_sync(0xffffffff, l[t][rr], 1);
      l[t][rr] += __shfl_xor_sync(0xffffffff, l[t][rr], 2);
      if (c == 0) mbuf[warp][qoff + t * 16 + rr * 8 + g] = m[t][rr];
    }
  __syncthreads();
  if (wi < nch) {
#pragma unroll
    for (int t = 0; t < NT; t++)
#pragma unroll
      for (int rr = 0; rr < 2; rr++) {
        const int r = qoff + t * 16 + rr * 8 + g;
        float mx = mbuf[0][r];
#pragma unroll
        for (int w = 1; w < W; w++) mx = fmaxf(mx, mbuf[w][r]);
        const float a = ex2(m[t][rr] - mx);
        if (c == 0) atomicAdd(lbuf + r, l[t][rr] * a);
#pragma unroll
        for (int i = 0; i < 8; i++) {
          atomicAdd(&obuf[r][16 * c + i], acc[t][i][2 * rr] * a);
          atomicAdd(&obuf[r][16 * c + 8 + i], acc[t][i][2 * rr + 1] * a);
        }
      }
  }
  __syncthreads();
  for (int i = threadIdx.x; i < count * 8; i += W * 32) {
    const int r = i >> 3, sg = (i & 7) * 8;
    const float inv = 1.f / lbuf[r];
    uint4 o;
    o.x = pack_h2(obuf[r][sg] * inv, obuf[r][sg + 1] * inv); o.y = pack_h2(obuf[r][sg + 2] * inv, obuf[r][sg + 3] * inv);
    o.z = pack_h2(obuf[r][sg + 4] * inv, obuf[r][sg + 5] * inv); o.w = pack_h2(obuf[r][sg + 6] * inv, obuf[r][sg + 7] * inv);
    *reinterpret_cast<uint4*>(out + (long long)(row * t_len + first + r) * out_row + head * HD + sg) = o;
  }
}

// SPLIT: with 17-32 queries the warps split into two groups, one per 16-query tile (each group reads all keys;
// the second read mostly hits L2); 128 registers. Otherwise every warp takes both tiles (one read, ~200 registers).
template <int W, bool SPLIT>
__device__ __forceinline__ void fqa_mma(const half_t* __restrict__ q, long long q_row, long long q_head,
                                        const half_t* __restrict__ k, const half_t* __restrict__ v,
                                        long long kv_row, long long kv_head, int s_len, int t_len,
                                        half_t* __restrict__ out, long long out_row) {
  __shared__ float obuf[32][66];
  __shared__ float lbuf[32];
  __shared__ float mbuf[W][32];
  const int head = blockIdx.x, row = blockIdx.y, first = blockIdx.z * 32, warp = threadIdx.x >> 5;
  const int count = min(t_len - first, 32);
  for (int i = threadIdx.x; i < 32 * 66; i += W * 32) (&obuf[0][0])[i] = 0.f;
  if (threadIdx.x < 32) lbuf[threadIdx.x] = 0.f;
  const half_t* kb = k + row * kv_row + head * kv_head;
  const half_t* vb = v + row * kv_row + head * kv_head;
  if (SPLIT) {
    const int wt = count > 16 ? W / 2 : W;
    fqa_mma_body<1, W>(q, q_row, q_head, kb, vb, s_len, t_len, out, out_row, row, head, first, count,
                       (warp / wt) * 16, warp % wt, wt, obuf, lbuf, mbuf);
  } else if (count <= 16) {
    fqa_mma_body<1, W>(q, q_row, q_head, kb, vb, s_len, t_len, out, out_row, row, head, first, count,
                       0, warp, W, obuf, lbuf, mbuf);
  } else {
    fqa_mma_body<2, W>(q, q_row, q_head, kb, vb, s_len, t_len, out, out_row, row, head, first, count,
                       0, warp, W, obuf, lbuf, mbuf);
  }
}

#define FQA_MMA_KERNEL(name, W, SPLIT, MINB)                                                                     \
  extern "C" __global__ void __launch_bounds__(W * 32, MINB)                                                   \
  name(const half_t* __restrict__ q, long long q_row, long long q_head, const half_t* __restrict__ k,       \
       const half_t* __restrict__ v, long long kv_row, long long kv_head, int s_len, int t_len,             \
       half_t* __restrict__ out, long long out_row) {                                                       \
    fqa_mma<W, SPLIT>(q, q_row, q_head, k, v, kv_row, kv_head, s_len, t_len, out, out_row);                 \
  }
FQA_MMA_KERNEL(few_query_attention_mma, 4, true, 4)       // 128 threads, the launch of the kernels above
FQA_MMA_KERNEL(few_query_attention_mma_nt2, 4, false, 2)  // 128 threads; 17-32 queries: every warp both tiles
FQA_MMA_KERNEL(few_query_attention_mma8, 8, true, 2)      // 256 threads
