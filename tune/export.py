"""Write a PEFT LoRA as a llama.cpp adapter GGUF (and read one back), with gguf-py and numpy only.

llama.cpp's loader needs ``general.type=adapter``, ``general.architecture=gemma3``, ``adapter.type=lora``,
``adapter.lora.alpha`` and tensors ``blk.N.<name>.weight.lora_a`` (r × in) and ``.lora_b`` (out × r), which are
exactly PEFT's ``lora_A.weight`` and ``lora_B.weight``. We add the base model's sha256 and the data hash as
metadata, so the app can refuse an adapter that belongs to another model.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

# PEFT module name → GGUF tensor name (Gemma 3 in llama.cpp)
_NAMES = {"self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
          "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
          "mlp.down_proj": "ffn_down"}
_PEFT = re.compile(r"layers\.(\d+)\.(self_attn\.[qkvo]_proj|mlp\.(?:gate|up|down)_proj)\.lora_([AB])(?:\.default)?\.weight$")


def gguf_tensors(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """PEFT state dict (numpy, fp32) → {gguf tensor name: array in F16}."""
    out = {}
    for key, value in state.items():
        m = _PEFT.search(key)
        if not m:
            continue
        layer, module, ab = m.groups()
        out[f"blk.{layer}.{_NAMES[module]}.weight.lora_{ab.lower()}"] = np.ascontiguousarray(value, dtype=np.float16)
    return out


def write_adapter(path: Path, state: dict[str, np.ndarray], *, alpha: float, base_sha256: str, data_sha256: str,
                  name: str) -> Path:
    import gguf

    tensors = gguf_tensors(state)
    if not tensors:
        raise ValueError("no LoRA tensors in the state dict")
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(path), arch="gemma3")
    writer.add_string("general.type", "adapter")
    writer.add_string("general.name", name)
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", float(alpha))
    writer.add_string("mus_coach.base_sha256", base_sha256)
    writer.add_string("mus_coach.data_sha256", data_sha256)
    for tensor_name in sorted(tensors):
        writer.add_tensor(tensor_name, tensors[tensor_name])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
