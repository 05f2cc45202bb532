# Compiles fqa.cu to fqa.ptx with the NVRTC that DJL's CUDA libtorch ships (no GPU needed):
#   unzip -j ~/.m2/repository/ai/djl/pytorch/pytorch-native-cu124/2.5.1/*.jar '*nvrtc*' -d /tmp/nvrtc
#   python3 compile.py /tmp/nvrtc/libnvrtc-6d168ef8.so.12
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nvrtc/libnvrtc-6d168ef8.so.12")
src = open("fqa.cu", "rb").read()
prog = ctypes.c_void_p()
assert lib.nvrtcCreateProgram(ctypes.byref(prog), src, b"fqa.cu", 0, None, None) == 0
opts = [b"--gpu-architecture=compute_80", b"-default-device", b"--use_fast_math", b"-std=c++17"]
arr = (ctypes.c_char_p * len(opts))(*opts)
rc = lib.nvrtcCompileProgram(prog, len(opts), arr)
n = ctypes.c_size_t(); lib.nvrtcGetProgramLogSize(prog, ctypes.byref(n))
log = ctypes.create_string_buffer(n.value); lib.nvrtcGetProgramLog(prog, log); print(log.value.decode())
assert rc == 0, rc
lib.nvrtcGetPTXSize(prog, ctypes.byref(n)); ptx = ctypes.create_string_buffer(n.value); lib.nvrtcGetPTX(prog, ptx)
open("fqa.ptx", "wb").write(ptx.value); print("ptx", len(ptx.value))
