"""An openai-agents coding agent: ApplyPatchTool edits a file, ShellTool runs it.

On the reference SDK these tools need OpenAI's Responses API; on freeagents the same program
runs on any provider (point OPENAI_BASE_URL at it). The workspace is a temporary directory.
"""

import asyncio
import pathlib
import tempfile

from agents import Agent
from agents import ApplyPatchTool
from agents import Runner
from agents import ShellCommandRequest
from agents import ShellResult
from agents import ShellTool
from agents.apply_diff import apply_diff
from agents.editor import ApplyPatchOperation
from agents.editor import ApplyPatchResult

workspace = pathlib.Path(tempfile.mkdtemp())
(workspace / "app.py").write_text("print('hi')\n")


class WorkspaceEditor:
    """Applies the model's patches inside the workspace."""

    def create_file(self, op: ApplyPatchOperation) -> ApplyPatchResult:
        (workspace / op.path).write_text(apply_diff("", op.diff or "", mode="create") + "\n")
        return ApplyPatchResult(status="completed", output=f"created {op.path}")

    def update_file(self, op: ApplyPatchOperation) -> ApplyPatchResult:
        path = workspace / op.path
        path.write_text(apply_diff(path.read_text(), op.diff or ""))
        return ApplyPatchResult(status="completed", output=f"updated {op.path}")

    def delete_file(self, op: ApplyPatchOperation) -> ApplyPatchResult:
        (workspace / op.path).unlink()
        return ApplyPatchResult(status="completed", output=f"deleted {op.path}")


async def run_commands(request: ShellCommandRequest) -> str | ShellResult:
    outputs = []
    for command in request.data.action.commands:
        process = await asyncio.create_subprocess_shell(
            command, cwd=workspace, stdout=asyncio.subprocess.PIPE
        )
        stdout, _ = await process.communicate()
        outputs.append(stdout.decode())
    return "\n".join(outputs)


agent = Agent(
    name="Coder",
    instructions="Edit files with apply_patch and check your work with shell.",
    tools=[ApplyPatchTool(editor=WorkspaceEditor()), ShellTool(executor=run_commands)],
)


async def main() -> None:
    result = await Runner.run(agent, "Make app.py print hello, then run it.")
    print(result.final_output)
    print("app.py:", (workspace / "app.py").read_text().strip())


if __name__ == "__main__":
    asyncio.run(main())
