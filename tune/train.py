"""Train the Danish task adapter for the embedded Gemma 3 270M: ``make tune`` (CPU) or on a GPU when one is there.

1. The examples of ``tune/data/`` become (prompt, answer) pairs rendered by the app's own templates (``tune.pairs``).
2. transformers (≥ 5.18: earlier versions build a wrong Gemma tokenizer from GGUF) loads the embedded Q4_K_M GGUF,
   dequantised; it is saved once as an ordinary HF folder in the user's cache, so later runs start fast.
3. PEFT LoRA (r 16, alpha 32, dropout 0.05) on q/k/v/o/gate/up/down, never on the tied embeddings.
4. Loss on the answer tokens only, and the 262k-word output layer is applied only at those positions (about twice
   as fast on a CPU). AdamW, warm-up then cosine decay, fixed seeds; the held-out loss after each epoch picks the
   best epoch.
5. The adapter is written as a llama.cpp GGUF (``tune.export``) with a model card and a training log.

Run ``python -m tune.train --help`` for the options; ``--limit 20 --epochs 1`` is a two-minute smoke run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import time
from datetime import datetime, timezone
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "adapter"
ADAPTER_NAME = "gemma3-270m-mus-da.gguf"
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def _base_gguf() -> Path:
    from coach.models import registry
    from coach.models.catalog import load_catalog

    return registry.model_file(registry.Choice(spec=load_catalog().embedded, path=None))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_base(gguf: Path, cache: Path, dtype):
    """(tokenizer, model) from the HF folder in ``cache``, made from the GGUF the first time."""
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if not (cache / "config.json").is_file():
        tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(
            str(gguf.parent), gguf_file=gguf.name, dtype=dtype,
            quantization_config=transformers.GgufConfig(dequantize=True))
        model.config.architectures = ["Gemma3ForCausalLM"]  # what llama.cpp's converter expects
        cache.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(str(cache))
        tok.save_pretrained(str(cache))
    tok = AutoTokenizer.from_pretrained(str(cache))
    model = AutoModelForCausalLM.from_pretrained(str(cache), dtype=dtype, attn_implementation="sdpa")
    return tok, model


def encode(tok, pairs, max_len: int):
    """Token ids (BOS + prompt + answer + EOS) and where the answer starts; prompt and answer are tokenised apart,
    as llama.cpp sees the prompt alone and the model then writes the answer token by token."""
    out = []
    for p in pairs:
        prompt = tok(p.prompt, add_special_tokens=False)["input_ids"]
        answer = tok(p.answer, add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
        ids = [tok.bos_token_id] + prompt + answer
        if len(ids) > max_len:
            continue
        out.append((ids, 1 + len(prompt), p))
    return out


def batches(items, batch_tokens: int, rng: random.Random, shuffle: bool):
    """Similar lengths together (little padding), at most ``batch_tokens`` padded tokens per batch."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    groups, current, longest = [], [], 0
    for i in order:
        longest_next = max(longest, len(items[i][0]))
        if current and longest_next * (len(current) + 1) > batch_tokens:
            groups.append(current)
            current, longest_next = [], len(items[i][0])
        current.append(i)
        longest = longest_next
    if current:
        groups.append(current)
    if shuffle:
        rng.shuffle(groups)
    return groups


def answer_loss(model, items, group, device):
    """Mean cross-entropy over the answer tokens, logits computed only at those positions."""
    import torch

    width = max(len(items[i][0]) for i in group)
    ids = torch.zeros((len(group), width), dtype=torch.long)
    mask = torch.zeros((len(group), width), dtype=torch.long)
    rows, cols, targets = [], [], []
    for r, i in enumerate(group):
        seq, start, _ = items[i]
        ids[r, :len(seq)] = torch.tensor(seq)
        mask[r, :len(seq)] = 1
        for t in range(start, len(seq)):  # position t-1 predicts token t
            rows.append(r)
            cols.append(t - 1)
            targets.append(seq[t])
    ids, mask = ids.to(device), mask.to(device)
    base = model.get_base_model()
    hidden = base.model(input_ids=ids, attention_mask=mask).last_hidden_state
    picked = hidden[torch.tensor(rows, device=device), torch.tensor(cols, device=device)]
    logits = base.lm_head(picked).float()
    cap = getattr(base.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets, device=device))
    return loss, len(targets), int(mask.sum())


def evaluate(model, items, device, batch_tokens: int) -> float:
    import torch

    model.eval()
    total, n = 0.0, 0
    with torch.no_grad():
        for group in batches(items, batch_tokens, random.Random(0), shuffle=False):
            loss, count, _ = answer_loss(model, items, group, device)
            total += float(loss) * count
            n += count
    model.train()
    return total / max(n, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tune.train", description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", nargs="*", help="only these jobs (star smart decode manager debrief)")
    ap.add_argument("--epochs", type=int, default=1, help="1 = the shipped adapter (25 min on 2 cores)")
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--batch-tokens", type=int, default=1536, help="padded tokens per optimiser step")
    ap.add_argument("--max-len", type=int, default=640)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N pairs only (smoke test)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: all cores)")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)

    import numpy as np
    import torch
    from peft import LoraConfig, get_peft_model

    from coach import paths
    from tune import export, pairs

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        torch.set_num_threads(args.threads or os.cpu_count() or 1)
    log_path = args.out / "training-log.jsonl"
    args.out.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w", encoding="utf-8")

    def note(**event):
        event = {"t": round(time.time() - started, 1)} | event
        log.write(json.dumps(event, ensure_ascii=False) + "\n")
        log.flush()
        print(json.dumps(event, ensure_ascii=False), flush=True)

    started = time.time()
    data = pairs.load(args.jobs)
    note(event="data", counts=data.counts, sha256=data.sha256)
    gguf = _base_gguf()
    base_sha = _sha256(gguf)
    tok, model = load_base(gguf, paths.cache_dir() / "tune" / f"base-{base_sha[:12]}", torch.float32)
    model.config.use_cache = False
    model = get_peft_model(model, LoraConfig(r=args.rank, lora_alpha=args.alpha, lora_dropout=0.05,
                                             target_modules=TARGETS, bias="none", task_type="CAUSAL_LM"))
    model.to(device)
    model.train()
    train = encode(tok, data.split("train"), args.max_len)
    held = encode(tok, data.split("held_out"), args.max_len)
    if args.limit:
        train = train[:args.limit]
        held = held[:max(4, args.limit // 5)]
    note(event="encoded", train=len(train), held_out=len(held), train_tokens=sum(len(x[0]) for x in train),
         answer_tokens=sum(len(x[0]) - x[1] for x in train), device=device, threads=torch.get_num_threads())

    rng = random.Random(args.seed)
    steps_per_epoch = len(batches(train, args.batch_tokens, random.Random(0), shuffle=False))
    total_steps = max(1, steps_per_epoch * args.epochs)
    warmup = max(1, total_steps // 20)
    optim = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: min(1.0, (s + 1) / warmup) * 0.5 * (
        1 + math.cos(math.pi * min(1.0, s / total_steps))))
    best = (evaluate(model, held, device, args.batch_tokens), 0, None)
    note(event="held_out", epoch=0, loss=round(best[0], 4))
    step, seen_tokens, train_time = 0, 0, 0.0
    for epoch in range(1, args.epochs + 1):
        for group in batches(train, args.batch_tokens, rng, shuffle=True):
            t0 = time.perf_counter()
            loss, _, tokens = answer_loss(model, train, group, device)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            train_time += time.perf_counter() - t0
            seen_tokens += tokens
            step += 1
            if step % 10 == 0 or step == total_steps:
                note(event="step", epoch=epoch, step=step, of=total_steps, loss=round(float(loss), 4),
                     lr=f"{sched.get_last_lr()[0]:.2e}", tok_per_s=round(seen_tokens / max(train_time, 1e-9), 1))
        held_loss = evaluate(model, held, device, args.batch_tokens)
        note(event="held_out", epoch=epoch, loss=round(held_loss, 4))
        if held_loss < best[0] or best[2] is None:
            state = {k: v.detach().cpu().float().numpy() for k, v in model.state_dict().items() if "lora_" in k}
            best = (held_loss, epoch, state)
    path = export.write_adapter(args.out / ADAPTER_NAME, best[2], alpha=args.alpha, base_sha256=base_sha,
                                data_sha256=data.sha256, name="MUS Coach dansk adapter")
    summary = {"adapter": path.name, "adapter_sha256": _sha256(path), "size_bytes": path.stat().st_size,
               "base_model": gguf.name, "base_sha256": base_sha, "data_sha256": data.sha256, "counts": data.counts,
               "train_pairs": len(train), "held_out_pairs": len(held), "best_epoch": best[1],
               "held_out_loss": round(best[0], 4), "epochs": args.epochs, "lr": args.lr, "rank": args.rank,
               "alpha": args.alpha, "dropout": 0.05, "targets": TARGETS, "batch_tokens": args.batch_tokens,
               "seed": args.seed, "device": device, "threads": torch.get_num_threads(),
               "tokens_per_second": round(seen_tokens / max(train_time, 1e-9), 1),
               "minutes": round((time.time() - started) / 60, 1), "torch": torch.__version__,
               "transformers": __import__("transformers").__version__, "peft": __import__("peft").__version__,
               "machine": f"{platform.machine()}, {os.cpu_count()} CPU",
               "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    (args.out / "training.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    note(event="done", **{k: summary[k] for k in ("adapter_sha256", "best_epoch", "held_out_loss", "minutes")})
    log.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
