# On the GPU machine (its own torch): the few-query attention kernel (fqa.ptx, loaded through the CUDA driver)
# against torch's memory-efficient and flash kernels, at ARPG-L batch 64 guided shapes (128 rows, 16 heads,
# head_dim 64, keys and values read in place from a cache of capacity 272, queries from a (rows*T, 3D) qkv).
# Times are GPU times: 50 calls captured in a CUDA graph, replayed 20 times.
import ctypes, sys, torch, torch.nn.functional as F
cuda = ctypes.CDLL("libcuda.so.1")
torch.cuda.init(); torch.zeros(1, device="cuda")
mod = ctypes.c_void_p()
ptx = open(sys.argv[1] if len(sys.argv) > 1 else "fqa.ptx", "rb").read() + b"\0"
assert cuda.cuModuleLoadData(ctypes.byref(mod), ptx) == 0
# name -> (function, threads per block); all take the same arguments and grid (heads, rows, ceil(T/32))
KERNELS = {"fqa": ("few_query_attention", 128), "lanes": ("few_query_attention_lanes", 128),
           "mma": ("few_query_attention_mma", 128), "mma_nt2": ("few_query_attention_mma_nt2", 128),
           "mma8": ("few_query_attention_mma8", 256)}
FN = {}
for name, (sym, threads) in KERNELS.items():
    f = ctypes.c_void_p()
    assert cuda.cuModuleGetFunction(ctypes.byref(f), mod, sym.encode()) == 0, sym
    regs = ctypes.c_int(); cuda.cuFuncGetAttribute(ctypes.byref(regs), 4, f)   # CU_FUNC_ATTRIBUTE_NUM_REGS
    print(f"{name}: {sym}, {threads} threads, {regs.value} registers")
    FN[name] = (f, threads)
fn = FN["fqa"][0]
B, H, HD, CAP = 128, 16, 64, 272
D = H * HD
def launch(q, k, v, out, t, s, f=None, threads=128):
    args = [ctypes.c_void_p(q.data_ptr()), ctypes.c_longlong(q.stride(0)), ctypes.c_longlong(HD),
            ctypes.c_void_p(k.data_ptr()), ctypes.c_void_p(v.data_ptr()), ctypes.c_longlong(k.stride(0)),
            ctypes.c_longlong(k.stride(1)), ctypes.c_int(s), ctypes.c_int(t), ctypes.c_void_p(out.data_ptr()),
            ctypes.c_longlong(out.stride(0))]
    ptrs = (ctypes.c_void_p * len(args))(*[ctypes.cast(ctypes.pointer(a), ctypes.c_void_p) for a in args])
    stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
    rc = cuda.cuLaunchKernel(f or fn, H, B, (t + 31) // 32, threads, 1, 1, 0, stream, ptrs, None)
    assert rc == 0, rc
def timed(f, n=50, reps=20):
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        f(); torch.cuda.synchronize()
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g, stream=s):
            for _ in range(n): f()
    g.replay(); torch.cuda.synchronize()
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record(); [g.replay() for _ in range(reps)]; b.record(); torch.cuda.synchronize()
    return a.elapsed_time(b) * 1000 / (n * reps)
torch.manual_seed(0)
print(torch.__version__, torch.cuda.get_device_name())
names = list(FN)
print("T S | " + " | ".join(names) + " | efficient | flash   (us per call)  || max err vs float32: " + " ".join(names) + " efficient || K+V GB/s of best")
for t in (1, 3, 4, 8, 12, 16, 30):
    for s in (8, 80, 160, 256, 257):
        cache = torch.randn(2, B, H, CAP, HD, device="cuda", dtype=torch.half)
        k, v = cache[0, :, :, :s], cache[1, :, :, :s]
        qkv = torch.randn(B * t, 3 * D, device="cuda", dtype=torch.half) * 0.125
        q = qkv[:, :D]
        out = torch.empty(B * t, D, device="cuda", dtype=torch.half)
        qv = q.view(B, t, H, HD)
        ref = torch.softmax(qv.float().transpose(1, 2) @ k.float().transpose(-1, -2), -1) @ v.float()   # (B, H, T, HD)
        ref = ref.transpose(1, 2).reshape(B * t, D)
        times, errs = [], []
        for name in names:
            f, th = FN[name]
            out.fill_(float("nan")); launch(q, k, v, out, t, s, f, th); torch.cuda.synchronize()
            errs.append((out.float() - ref).abs().max().item())
            times.append(timed(lambda: launch(q, k, v, out, t, s, f, th)))
        eff = lambda: torch.ops.aten._scaled_dot_product_efficient_attention(qv.transpose(1, 2), k, v, None, False, 0., False, scale=1.)
        e_err = (eff()[0].transpose(1, 2).reshape(B * t, D).float() - ref).abs().max().item()
        t_e = timed(eff)
        try:
            fl = lambda: torch.ops.aten._flash_attention_forward(qv, k.transpose(1, 2), v.transpose(1, 2), None, None, t, s, 0., False, False, scale=1.)
            t_fl = f"{timed(fl):.1f}"
        except Exception as ex:
            t_fl = "n/a"
        best = min(times)
        gbs = 2 * B * H * s * HD * 2 / (best * 1e-6) / 1e9
        print(f"{t} {s} | " + " | ".join(f"{x:.1f}" for x in times) + f" | {t_e:.1f} | {t_fl} || "
              + " ".join(f"{e:.1e}" for e in errs) + f" {e_err:.1e} || {gbs:.0f}", flush=True)
