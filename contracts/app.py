"""The ``contracts`` command's frame: the typer app, its consoles, readable help, and how a failure is said."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer
import typer.core
from rich.console import Console

__all__ = ["INTERRUPTED", "Group", "Interrupted", "Typer", "app", "console", "err", "fail"]

INTERRUPTED = ("interrupted (exit 130). What was finished before Ctrl-C is in place; what was being written was "
               "not: outputs are written under a staging name and moved into place only when complete, so "
               "nothing half-written was left. Run the command again to finish.")


class Interrupted(BaseException):
    """Ctrl-C inside a command, carried past typer (which turns KeyboardInterrupt into a silent exit 130)
    to main(), which says what was and was not written. A BaseException, as KeyboardInterrupt is, so that
    no ``except Exception`` in the work swallows it."""


def _readable_help(params: list[Any]) -> list[Any]:
    """Help types a reader can use: a flag takes no value, so it shows none (typer prints ``<bool>``);
    an argument with a metavar (FILE, DIR) shows that, not ``<path>`` or ``<list[Path]>`` beside it."""
    for param in params:
        if isinstance(param, typer.core.TyperOption) and param.is_flag:
            param.metavar = ""
        elif isinstance(param, typer.core.TyperArgument) and param.metavar:
            param.__class__ = _NamedArgument
    return params


class _NamedArgument(typer.core.TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the metavar in the name column already says what it is


# ctx below is typer's vendored click Context, which typer does not export: hence Any.
class _Command(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _readable_help(super().get_params(ctx))


class Group(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _readable_help(super().get_params(ctx))


class _RootGroup(Group):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as e:
            raise Interrupted from e


_F = TypeVar("_F", bound=Callable[..., Any])


class Typer(typer.Typer):
    """typer.Typer whose commands and groups show readable help types (see _readable_help)."""

    def __init__(self, *, cls: type[typer.core.TyperGroup] | None = None, **kwargs: Any) -> None:
        super().__init__(cls=cls or Group, **kwargs)

    def command(self, name: str | None = None, *, cls: type[typer.core.TyperCommand] | None = None,
                **kwargs: Any) -> Callable[[_F], _F]:
        return super().command(name, cls=cls or _Command, **kwargs)


app = Typer(
    cls=_RootGroup,
    help="Draft, review and sign off outsourcing contracts, NDAs and confidentiality pledges (zh/en).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


