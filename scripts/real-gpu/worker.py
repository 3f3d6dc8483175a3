"""The transformers side of check 3, run as its own process (`check.py _profile PLAN OUT`).

For each model: random-initialise it on the GPU in bf16 from its config.json
(AutoModelForCausalLM.from_config, nothing downloaded), then for each batch x context cell run
`generate` and record what PyTorch and NVML saw. One JSON line per cell, flushed at once, so a
run cut short by its deadline still leaves what it measured.

Measured terms, to set beside gpufit's:
- weights: torch.cuda.memory_allocated() after the model is built (parameters and buffers);
- kv_cache: the bytes of the CUDA tensors in the cache generate returns (else what dropping
  generate's output frees: the output holds the cache);
- activations: max_memory_allocated() during generate minus weights and KV cache (the peak of
  what is transient);
- process: the process's memory by NVML after generate (CUDA context + torch's reserved blocks,
  which the caching allocator keeps), corrected to the reserved peak: the figure a scheduler sees;
- overhead: process - max_memory_allocated() (CUDA context, cuBLAS workspaces, allocator slack).
"""

import gc
import json
import os
import sys
import time

MIB = 1 << 20


def _nvml_process_bytes(pynvml, handle, pid):
    try:
        for p in pynvml.nvmlDeviceGetComputeRunningProcesses(handle):
            if int(p.pid) == pid and p.usedGpuMemory is not None:
                return int(p.usedGpuMemory)
    except Exception:
        return None
    return None


def _build(transformers, torch, config_dir, attn):
    """The model in bf16 on the GPU, and the attention implementation it ended up with."""
    cfg = transformers.AutoConfig.from_pretrained(config_dir)
    kwargs = {}
    if attn:
        kwargs["attn_implementation"] = attn
    with torch.device("cuda"):
        try:
            model = transformers.AutoModelForCausalLM.from_config(cfg, dtype=torch.bfloat16, **kwargs)
        except TypeError:  # transformers < 4.56 names it torch_dtype
            model = transformers.AutoModelForCausalLM.from_config(cfg, torch_dtype=torch.bfloat16, **kwargs)
    if next(model.parameters()).device.type != "cuda":
        model = model.to("cuda")
    model.eval()
    used = getattr(model.config, "_attn_implementation", None) or attn or "default"
    return model, used


def run(plan_path, out_path):
    import pynvml
    import torch
    import transformers

    with open(plan_path) as f:
        plan = json.load(f)
    deadline = plan["deadline"]
    pynvml.nvmlInit()
    handle = pynvml.nvmlDeviceGetHandleByIndex(plan.get("index", 0))
    pid = os.getpid()
    out = open(out_path, "a")

    def emit(record):
        out.write(json.dumps(record) + "\n")
        out.flush()

    emit({"type": "env", "torch": torch.__version__, "transformers": transformers.__version__,
          "cuda": torch.version.cuda, "device": torch.cuda.get_device_name(0)})
    for m in plan["models"]:
        if time.time() + m.get("min_seconds", 20) > deadline:
            for b, c in m["cells"]:
                emit({"type": "cell", "model": m["name"], "batch": b, "context": c, "status": "skipped",
                      "reason": "time budget"})
            continue
        t0 = time.time()
        gc.collect()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
        model, attn, failure, sdpa_error = None, None, None, None
        try:
            model, attn = _build(transformers, torch, m["dir"], "sdpa")
        except (ValueError, ImportError) as e:  # sdpa refused for this architecture
            sdpa_error = _first_line(e, 200)
        except Exception as e:
            failure = "%s: %s" % (type(e).__name__, _first_line(e, 300))
        if sdpa_error is not None:
            gc.collect()  # outside the except block: its traceback no longer holds the half-built model
            torch.cuda.empty_cache()
            try:
                model, attn = _build(transformers, torch, m["dir"], None)
                attn = "%s (sdpa refused: %s)" % (attn, sdpa_error)
            except Exception as e:
                failure = "%s: %s" % (type(e).__name__, _first_line(e, 300))
        if failure is not None:
            for b, c in m["cells"]:
                emit({"type": "cell", "model": m["name"], "batch": b, "context": c, "status": "error",
                      "reason": "building the model: " + failure})
            model = None
            gc.collect()
            torch.cuda.empty_cache()
            continue
        torch.cuda.synchronize()
        weights = torch.cuda.memory_allocated() - base
        params = sum(p.numel() for p in model.parameters())
        emit({"type": "model", "model": m["name"], "attn_implementation": attn, "parameters": params,
              "weights_bytes": weights, "build_seconds": round(time.time() - t0, 2)})
        vocab = model.config.get_text_config().vocab_size if hasattr(model.config, "get_text_config") \
            else model.config.vocab_size
        for b, c in m["cells"]:
            if time.time() + m.get("cell_seconds", 10) > deadline:
                emit({"type": "cell", "model": m["name"], "batch": b, "context": c, "status": "skipped",
                      "reason": "time budget"})
                continue
            emit(_cell(torch, pynvml, handle, pid, model, m["name"], vocab, weights, b, c, plan.get("new_tokens", 4)))
        del model
        gc.collect()
        torch.cuda.empty_cache()
    pynvml.nvmlShutdown()
    out.close()


def _first_line(error, limit):
    lines = str(error).splitlines()
    return (lines[0] if lines else type(error).__name__)[:limit]


def _cuda_bytes(torch, obj, seen, depth=0):
    """Bytes of the distinct CUDA storages reachable from obj (a cache object, its layers, lists)."""
    if depth > 6 or obj is None or isinstance(obj, (str, bytes, int, float, bool)):
        return 0
    if isinstance(obj, torch.Tensor):
        if not obj.is_cuda:
            return 0
        storage = obj.untyped_storage()
        if storage.data_ptr() in seen:
            return 0
        seen.add(storage.data_ptr())
        return storage.nbytes()
    if isinstance(obj, (list, tuple)):
        return sum(_cuda_bytes(torch, o, seen, depth + 1) for o in obj)
    if isinstance(obj, dict):
        return sum(_cuda_bytes(torch, o, seen, depth + 1) for o in obj.values())
    if isinstance(obj, torch.nn.Module):
        return 0
    if hasattr(obj, "__dict__"):
        return sum(_cuda_bytes(torch, o, seen, depth + 1) for o in vars(obj).values())
    return 0


def _cell(torch, pynvml, handle, pid, model, name, vocab, weights, batch, context, new_tokens):
    record = {"type": "cell", "model": name, "batch": batch, "context": context, "new_tokens": new_tokens}
    if getattr(model, "_cache", None) is not None:
        model._cache = None  # a static cache kept from the previous cell would count twice
    gc.collect()
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    t0 = time.time()
    out, failure = None, None
    prompt = context - new_tokens
    ids = torch.randint(3, vocab, (batch, prompt), device="cuda")
    try:
        with torch.inference_mode():
            out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens,
                                 min_new_tokens=new_tokens, do_sample=False, use_cache=True,
                                 return_dict_in_generate=True, pad_token_id=0)
        torch.cuda.synchronize()
    except torch.cuda.OutOfMemoryError as e:
        failure = ("oom", _first_line(e, 300))
    except Exception as e:
        failure = ("error", "%s: %s" % (type(e).__name__, _first_line(e, 300)))
    if failure is not None:
        # Outside the except block, so the traceback's frames (and their tensors) are gone.
        record.update(status=failure[0], reason=failure[1], max_allocated_bytes=torch.cuda.max_memory_allocated(),
                      max_reserved_bytes=torch.cuda.max_memory_reserved())
        out = None
        gc.collect()
        torch.cuda.empty_cache()
        return record
    seconds = time.time() - t0
    peak_alloc = torch.cuda.max_memory_allocated()
    peak_reserved = torch.cuda.max_memory_reserved()
    reserved_now = torch.cuda.memory_reserved()
    with_out = torch.cuda.memory_allocated()
    proc_now = _nvml_process_bytes(pynvml, handle, pid)
    generated = int(out.sequences.shape[1]) - prompt
    kv_walk = _cuda_bytes(torch, getattr(out, "past_key_values", None), set())
    del out
    gc.collect()
    kv_delta = with_out - torch.cuda.memory_allocated()
    # The cache's own tensors when generate returns it; else what dropping the output freed.
    kv = kv_walk if kv_walk > 0 else kv_delta
    process = None if proc_now is None else proc_now - reserved_now + peak_reserved
    record.update(status="ok", seconds=round(seconds, 2), generated_tokens=generated,
                  weights_bytes=weights, kv_cache_bytes=kv, kv_freed_bytes=kv_delta,
                  activations_bytes=peak_alloc - weights - kv,
                  max_allocated_bytes=peak_alloc, max_reserved_bytes=peak_reserved,
                  nvml_process_bytes=proc_now, process_peak_bytes=process,
                  overhead_bytes=None if process is None else process - peak_alloc)
    return record


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2])
