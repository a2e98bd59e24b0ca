"""`freeagents doctor`: what an endpoint really accepts, next to what the SDK assumes.

The SDK shapes requests from a profile (models/profiles.py): whether to send tools,
`tool_choice`, a json_schema response format, `stream_options`... A provider that changed,
or a self-hosted server started without tool parsing, shows up here as a disagreement
with a concrete profile change, before it shows up as a 400 in the middle of a run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass
from dataclasses import field
from typing import TextIO

from openai import AsyncOpenAI

from agents.cli.console import Spinner
from agents.cli.console import safe_url
from agents.cli.doctor_report import FEATURES
from agents.cli.doctor_report import compare
from agents.cli.doctor_report import render_json
from agents.cli.doctor_report import render_text
from agents.cli.errors import CliError
from agents.cli.errors import ExitCode
from agents.cli.model_names import parse_model_name
from agents.cli.probes import Probe
from agents.cli.probes import Prober
from agents.models.dialects.profiles import ModelProfile
from agents.models.providers.catalogue import get_provider
from agents.models.providers.catalogue import profile_for
from agents.models.providers.catalogue import profile_for_base_url
from agents.models.providers.catalogue import provider_for_base_url


@dataclass
class Endpoint:
    """Where the probes go, and where the SDK's profile for it comes from."""

    base_url: str
    model: str
    """The model name sent to the endpoint ("" until picked from the model list)."""
    api_key: str
    key_source: str
    provider: str | None
    """The provider-table row the SDK would use (None: the base URL decides)."""

    def profile(self) -> tuple[ModelProfile, str]:
        """(the profile the SDK would use, where it comes from)."""
        if self.provider is not None and self.provider != "openai":
            return profile_for(self.provider, self.model), f"provider table row '{self.provider}'"
        spec = provider_for_base_url(self.base_url)
        if spec is not None:
            return profile_for_base_url(self.base_url, self.model), f"the host of {spec.name}"
        return (
            profile_for_base_url(self.base_url, self.model),
            "the default: the host is not in the provider table",
        )

    def profile_expression(self) -> str:
        """Python that gives the same profile, for the suggested fix."""
        if self.provider is not None and self.provider != "openai":
            return f"profile_for({self.provider!r}, {self.model!r})"
        return f"profile_for_base_url({safe_url(self.base_url)!r}, {self.model!r})"


def resolve_endpoint(args: argparse.Namespace) -> Endpoint:
    """The endpoint from --model (provider table) or --base-url/--api-key-env/--model."""
    key_env: str | None = args.api_key_env
    env_key = None
    if key_env:
        env_key = os.environ.get(key_env)
        if not env_key:
            raise CliError(f"{key_env} is not set (named by --api-key-env)", ExitCode.SETUP)
    if args.base_url:
        url = str(args.base_url)
        if not url.startswith(("http://", "https://")):
            raise CliError("--base-url must start with http:// or https://", ExitCode.USAGE)
        source = f"from {key_env} (value not shown)" if key_env else "none (no --api-key-env)"
        return Endpoint(url, args.model or "", env_key or "not-needed", source, None)
    if not args.model:
        raise CliError(
            "doctor needs --model provider/model, or --base-url URL [--api-key-env VAR] "
            "[--model NAME]",
            ExitCode.USAGE,
        )
    parsed = parse_model_name(args.model)
    spec = get_provider(parsed.provider)
    if spec is None:  # "litellm/..." is not an OpenAI-compatible endpoint
        raise CliError(
            f"doctor probes OpenAI-compatible endpoints; '{parsed.provider}/' models are not "
            "one (use --base-url for the server behind them)",
            ExitCode.USAGE,
        )
    base_url = spec.resolved_base_url()
    if env_key:
        key, source = env_key, f"from {key_env} (value not shown)"
    else:
        key = spec.required_api_key()
        source = (
            f"from {spec.api_key_env} (value not shown)"
            if spec.api_key()
            else "none needed (local server)"
        )
    return Endpoint(base_url, parsed.model, key, source, spec.name)


# -- probing ---------------------------------------------------------------------------------


@dataclass
class Findings:
    probes: dict[str, Probe] = field(default_factory=dict)
    unusable: str | None = None
    """Why the endpoint cannot be used at all (None: it can)."""


async def probe(endpoint: Endpoint, timeout: float, spinner: Spinner) -> Findings:
    client = AsyncOpenAI(
        api_key=endpoint.api_key, base_url=endpoint.base_url, max_retries=0, timeout=timeout
    )
    prober = Prober(client, endpoint.model, endpoint.api_key)
    found = Findings()
    try:
        await _probe_all(endpoint, prober, spinner, found)
    finally:
        await client.close()
    found.probes = {p.name: p for p in prober.results}
    return found


async def _probe_all(endpoint: Endpoint, prober: Prober, spinner: Spinner, found: Findings) -> None:
    spinner.update("probing reachability (GET /models)")
    reach, listed = await prober.list_models()
    if reach.status != "ok":
        found.unusable = f"unreachable: {reach.detail}"
        return _skip_rest(prober, ("auth", "chat", *FEATURES), "unreachable")
    if not endpoint.model:
        models = listed.value if isinstance(listed.value, list) else []
        if not models:
            raise CliError(
                "pass --model: the endpoint lists no models to pick from", ExitCode.USAGE
            )
        endpoint.model = prober.model = str(models[0])
        listed.status, listed.detail = "ok", f"none given; using the first listed, {models[0]}"
    spinner.update(f"probing chat with {endpoint.model}")
    chat = await prober.chat()
    if chat.status != "ok":
        if chat.http_status in (401, 403):
            prober.results.append(Probe("auth", "error", f"refused: {chat.detail}"))
            found.unusable = f"authentication failed: {chat.detail}"
            if endpoint.key_source.startswith("none"):
                found.unusable += " (no key was sent: name its variable with --api-key-env)"
        else:
            prober.results.append(Probe("auth", "skipped", "chat failed"))
            found.unusable = f"chat fails: {chat.detail}"
            if chat.http_status in (404, 405, 501) and listed.status != "no":
                found.unusable += (
                    " (check that the base URL ends where the OpenAI-compatible API starts, "
                    "often /v1)"
                )
        return _skip_rest(prober, FEATURES, "chat failed")
    prober.results.append(Probe("auth", "ok", "the key was accepted"))

    spinner.update("probing streaming")
    stream = await prober.streaming()
    if stream.status == "ok":
        spinner.update("probing stream usage")
        await prober.stream_usage(bool(stream.value))
    else:
        prober.skip("stream usage", "streaming failed")
    spinner.update("probing tools")
    tools = await prober.tools()
    if tools.status == "ok":
        profile, _ = endpoint.profile()
        spelling = profile.tool_choice_required
        spinner.update('probing tool_choice "required"')
        others = [s for s in ("required", "any") if s != spelling]
        await prober.tool_choice_required([spelling, *others])
        spinner.update("probing strict tools")
        await prober.strict_tools()
        spinner.update("probing parallel tool calls")
        await prober.parallel_tool_calls()
    else:
        why = "tools not accepted" if tools.status == "no" else "the tools probe failed"
        for name in ('tool_choice "required"', "strict tools", "parallel tool calls"):
            prober.skip(name, why)
    spinner.update("probing json_schema")
    await prober.json_schema()
    spinner.update("probing json_object")
    await prober.json_object()


def _skip_rest(prober: Prober, names: tuple[str, ...], why: str) -> None:
    for name in names:
        prober.skip(name, why)


def doctor_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from freeagents.install_check import inspect_install
    from freeagents.install_check import report

    out = out or sys.stdout
    state = inspect_install()
    if args.model is None and args.base_url is None:
        out.write(report(state))  # no endpoint named: check the installation only
        return ExitCode.OK if state.problem() is None else ExitCode.SETUP
    if state.problem() is not None:
        sys.stderr.write(report(state))
    endpoint = resolve_endpoint(args)
    with Spinner("probing", stream=sys.stderr) as spinner:
        found = asyncio.run(probe(endpoint, args.timeout, spinner))
    profile, source = endpoint.profile()
    rows = compare(found, profile)
    render = render_json if args.json else render_text
    out.write(render(endpoint, profile, source, found, rows))
    if found.unusable:
        return ExitCode.FAILED
    if args.strict and any(r.agrees is False for r in rows):
        return ExitCode.DISAGREES
    return ExitCode.OK
