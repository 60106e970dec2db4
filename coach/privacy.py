"""Privacy defaults, applied before gradio or huggingface_hub are imported (both read env at import)."""

from __future__ import annotations

import os

from coach import paths

HOST = "127.0.0.1"
PORT = 7860

# Variables that would open the app to the network or send data home; removed whatever the user's shell says.
_UNSAFE = ("GRADIO_SHARE", "GRADIO_SERVER_NAME", "GRADIO_MCP_SERVER", "GRADIO_SSR_MODE", "GRADIO_RUN_HISTORY")


def apply_env() -> None:
    """Analytics and telemetry off, uploads in a private temp dir, no env var can expose the app."""
    for name in _UNSAFE:
        os.environ.pop(name, None)
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["HF_HUB_DISABLE_XET"] = "1"  # plain HTTP downloads: one code path, resumable, testable
    os.environ["GRADIO_TEMP_DIR"] = str(paths.temp_dir())
    os.environ.setdefault("GRADIO_FLAGGING_MODE", "never")


def launch_kwargs(port: int | None = None) -> dict:
    """Arguments for Blocks.launch that keep the app local and quiet."""
    return dict(
        server_name=HOST,
        server_port=port or int(os.environ.get("COACH_PORT", PORT)),
        share=False,
        inbrowser=False,
        show_error=False,
        max_file_size="2mb",
        run_history=False,
        enable_monitoring=False,
        ssr_mode=False,
        mcp_server=False,
        strict_cors=True,
        footer_links=[],
        allowed_paths=[],
        blocked_paths=[str(paths.data_dir()), str(paths.models_dir())],
    )
