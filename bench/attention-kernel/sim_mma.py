# numpy emulation of few_query_attention_mma's per-lane fragment logic (PTX m16n8k16 layouts) for one block
# (simulates the SPLIT kernels: one 16-query tile per warp; the NT=2 path of few_query_attention_mma_nt2 is not simulated)
import numpy as np
rng = np.random.default_rng(0)
L2E = 1.4426950408889634
def words(h):  # half array (even length) -> uint32 words, low half = lower index
    u = h.astype(np.float16).view(np.uint16).astype(np.uint32)
    return u[0::2] | (u[1::2] << 16)
def halves(w):
    return np.array([w & 0xffff, w >> 16], dtype=np.uint16).view(np.float16).astype(np.float32)
def prmt(a, b, sel):
    by = [(a >> (8*i)) & 0xff for i in range(4)] + [(b >> (8*i)) & 0xff for i in range(4)]
    return sum(by[(sel >> (4*i)) & 7] << (8*i) for i in range(4))
def pack(lo, hi): return int(words(np.array([lo, hi]))[0])
def mma(d, A, B):  # d[lane][4], A[lane][4 words], B[lane][2 words] -> per PTX fragment layouts
    Am = np.zeros((16, 16), np.float32); Bm = np.zeros((16, 8), np.float32)
    for lane in range(32):
        g, c = lane >> 2, lane & 3
        a = [halves(A[lane][r]) for r in range(4)]
        Am[g, 2*c:2*c+2] = a[0]; Am[g+8, 2*c:2*c+2] = a[1]; Am[g, 2*c+8:2*c+10] = a[2]; Am[g+8, 2*c+8:2*c+10] = a[3]
        b = [halves(B[lane][r]) for r in range(2)]
        Bm[2*c:2*c+2, g] = b[0]; Bm[2*c+8:2*c+10, g] = b[1]
    C = Am @ Bm
    for lane in range(32):
        g, c = lane >> 2, lane & 3
        d[lane] += np.array([C[g, 2*c], C[g, 2*c+1], C[g+8, 2*c], C[g+8, 2*c+1]], np.float32)
def block(Q, K, V, W, split):
    count, S = Q.shape[0], K.shape[0]
    nch, s_last = (S + 15) // 16, S - 1
    obuf = np.zeros((32, 64), np.float32); lbuf = np.zeros(32, np.float32); mbuf = np.full((W, 32), -np.inf, np.float32)
    states = []
    for warp in range(W):
        if split: wt = W // 2 if count > 16 else W; qoff, wi, wstep = (warp // wt) * 16, warp % wt, wt
        else: qoff, wi, wstep = 0, warp, W
        qa = [[0]*4 for _ in range(32)]
        qa = [[[0]*4 for _ in range(4)] for _ in range(32)]  # [lane][j][reg]
        for lane in range(32):
            g, c = lane >> 2, lane & 3
            for rr in range(2):
                qi = qoff + rr*8 + g
                w = words(Q[qi, c*16:c*16+16]) if qi < count else np.zeros(8, np.uint32)
                for j in range(4): qa[lane][j][rr] = int(w[2*j]); qa[lane][j][2+rr] = int(w[2*j+1])
        acc = np.zeros((32, 8, 4), np.float32); m = np.full((32, 2), -np.inf, np.float32); l = np.zeros((32, 2), np.float32)
        for ci in range(wi, nch, wstep):
            base = ci * 16
            kw = np.zeros((32, 2, 8), np.uint32); vw = np.zeros((32, 4, 4), np.uint32)
            for lane in range(32):
                g, c = lane >> 2, lane & 3
                for h in range(2): kw[lane, h] = words(K[min(base + h*8 + g, s_last), c*16:c*16+16])
                for r in range(4): vw[lane, r] = words(V[min(base + (r >> 1)*8 + 2*c + (r & 1), s_last), g*8:g*8+8])
            vb = [[[prmt(int(vw[la, 0, i >> 1]), int(vw[la, 1, i >> 1]), 0x7632 if i & 1 else 0x5410),
                    prmt(int(vw[la, 2, i >> 1]), int(vw[la, 3, i >> 1]), 0x7632 if i & 1 else 0x5410)] for i in range(8)] for la in range(32)]
            s = np.zeros((2, 32, 4), np.float32)
            for h in range(2):
                for j in range(4): mma(s[h], [qa[la][j] for la in range(32)], [[int(kw[la, h, 2*j]), int(kw[la, h, 2*j+1])] for la in range(32)])
            for lane in range(32):
                c = lane & 3
                for h in range(2):
                    for e in range(4):
                        if base + h*8 + 2*c + (e & 1) >= S: s[h, lane, e] = -np.inf
            mx0 = np.maximum(np.maximum(s[0][:, 0], s[0][:, 1]), np.maximum(s[1][:, 0], s[1][:, 1]))
            mx1 = np.maximum(np.maximum(s[0][:, 2], s[0][:, 3]), np.maximum(s[1][:, 2], s[1][:, 3]))
            for o in (1, 2):
                idx = np.arange(32) ^ o; mx0 = np.maximum(mx0, mx0[idx]); mx1 = np.maximum(mx1, mx1[idx])
            n0 = np.maximum(m[:, 0], mx0 * L2E); n1 = np.maximum(m[:, 1], mx1 * L2E)
            a0 = np.exp2(m[:, 0] - n0); a1 = np.exp2(m[:, 1] - n1); m[:, 0] = n0; m[:, 1] = n1
            p = np.exp2(s * L2E - np.stack([n0, n0, n1, n1], 1)[None])
            l[:, 0] = l[:, 0] * a0 + p[0][:, 0] + p[0][:, 1] + p[1][:, 0] + p[1][:, 1]
            l[:, 1] = l[:, 1] * a1 + p[0][:, 2] + p[0][:, 3] + p[1][:, 2] + p[1][:, 3]
            pa = [[pack(p[0, la, 0], p[0, la, 1]), pack(p[0, la, 2], p[0, la, 3]), pack(p[1, la, 0], p[1, la, 1]), pack(p[1, la, 2], p[1, la, 3])] for la in range(32)]
            acc[:, :, 0:2] *= a0[:, None, None]; acc[:, :, 2:4] *= a1[:, None, None]
            for i in range(8):
                d = acc[:, i, :].copy(); mma(d, pa, [vb[la][i] for la in range(32)]); acc[:, i, :] = d
        for o in (1, 2): l = l + l[np.arange(32) ^ o]
        for lane in range(32):
            g, c = lane >> 2, lane & 3
            if c == 0:
                for rr in range(2): mbuf[warp, qoff + rr*8 + g] = m[lane, rr]
        states.append((qoff, wi, acc, m, l))
    for warp, (qoff, wi, acc, m, l) in enumerate(states):
        if wi >= nch: continue
        for lane in range(32):
            g, c = lane >> 2, lane & 3
            for rr in range(2):
                r = qoff + rr*8 + g; a = np.exp2(m[lane, rr] - mbuf[:, r].max())
                if c == 0: lbuf[r] += l[lane, rr] * a
                for i in range(8):
                    obuf[r, 16*c + i] += acc[lane, i, 2*rr] * a; obuf[r, 16*c + 8 + i] += acc[lane, i, 2*rr+1] * a
    return (obuf[:count] / lbuf[:count, None]).astype(np.float16).astype(np.float32)
for count, S, W, split in [(1, 8, 4, True), (3, 80, 4, True), (16, 17, 4, True), (30, 160, 4, True), (20, 33, 8, True), (8, 256, 8, True)]:
    Q = (rng.standard_normal((count, 64)) * 0.125).astype(np.float16); K = rng.standard_normal((S, 64)).astype(np.float16); V = rng.standard_normal((S, 64)).astype(np.float16)
    sc = Q.astype(np.float32) @ K.astype(np.float32).T; P = np.exp(sc - sc.max(1, keepdims=True)); ref = (P / P.sum(1, keepdims=True)) @ V.astype(np.float32)
    out = block(Q, K, V, W, split)
    print(count, S, W, split, "max err", np.abs(out - ref).max())
