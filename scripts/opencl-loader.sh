# Sourced by ./sl2a and the GPU bench script. JOCL opens exactly libOpenCL.so, the OpenCL ICD
# loader's development name (Debian: ocl-icd-opencl-dev); where only the runtime's libOpenCL.so.1
# is installed (a GPU driver, pocl-opencl-icd), point the dynamic linker at it through a symlink.
if ! ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so '; then
  sl2a_opencl_runtime=$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 / {print $NF; exit}')
  if [ -n "$sl2a_opencl_runtime" ]; then
    sl2a_link_dir="${XDG_CACHE_HOME:-$HOME/.cache}/sl2a/opencl-lib"
    mkdir -p "$sl2a_link_dir" && ln -sf "$sl2a_opencl_runtime" "$sl2a_link_dir/libOpenCL.so"
    export LD_LIBRARY_PATH="$sl2a_link_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
