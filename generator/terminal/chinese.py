"""click's own texts in Chinese: help headings, the help option, defaults, metavars and usage errors.

click translates these through gettext, which needs a compiled catalogue and the user's locale (a county
office's Windows has neither set for us); instead the command and group classes below write them in
Chinese themselves. Every command made with ``ChineseGroup.command`` gets them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any

import click
from click.formatting import join_options

HEADINGS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数"}


class ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


def metavar(param: click.Parameter, ctx: click.Context) -> str:
    """The placeholder of an option's value: the declared one, else the type's in Chinese."""
    if param.metavar is not None:
        return param.metavar
    kind = param.type
    if isinstance(kind, click.Choice):
        return kind.get_metavar(param, ctx) or ""
    if isinstance(kind, click.Path):
        return "文件夹" if not kind.file_okay else "文件" if not kind.dir_okay else "路径"
    return {click.INT: "整数", click.FLOAT: "数", click.BOOL: "是或否"}.get(kind, "文字")


def _option_record(option: click.Option, ctx: click.Context) -> tuple[str, str]:
    names = join_options(option.opts)[0]
    if not option.is_flag and not option.count:
        names = f"{names} {metavar(option, ctx)}"
    extra = option.get_help_extra(ctx)
    notes = [f"默认：{extra['default']}"] if "default" in extra else []
    notes += ["必填"] if "required" in extra else []
    text = option.help or ""
    return names, f"{text}  [{'；'.join(notes)}]" if notes else text


class ChineseCommand(click.Command):
    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本说明并退出。"
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [
            _option_record(param, ctx)
            for param in self.get_params(ctx)
            if isinstance(param, click.Option) and not param.hidden
        ]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except ChineseUsageError:
            raise
        except click.UsageError as error:
            raise ChineseUsageError(error) from None


class ChineseGroup(ChineseCommand, click.Group):
    command_class = ChineseCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)  # its heading goes through ChineseFormatter

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            raise ChineseUsageError(error) from None


def _listed(names: Sequence[str]) -> str:
    return "、".join(names)


def _bad_value(error: click.BadParameter) -> str:
    param, ctx = error.param, error.ctx
    hint = error.param_hint or (join_options(param.opts)[0] if param is not None else "参数")
    if isinstance(hint, list | tuple):
        hint = " / ".join(hint)
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        what = f"应为 {_listed([str(choice) for choice in kind.choices])} 之一"
    elif kind is click.INT:
        what = "应为整数（阿拉伯数字）"
    elif isinstance(kind, click.Path):
        what = "路径不存在或类型不对"
    else:
        what = "不能识别"
    if isinstance(error, click.MissingParameter):
        name = param.make_metavar(ctx) if isinstance(param, click.Argument) and ctx else hint
        return f"缺少{'参数' if isinstance(param, click.Argument) else '选项'} {name}。"
    return f"{hint} 的值{what}。"


EXTRA_ARGUMENTS = re.compile(r"unexpected extra arguments? \((.*)\)")


def chinese_message(error: click.UsageError) -> str:
    """The Chinese sentence for one of click's usage errors."""
    if isinstance(error, click.NoSuchOption):
        guess = f"是否想用 {_listed(error.possibilities)}？" if error.possibilities else ""
        return f"没有选项 {error.option_name}。{guess}"
    if isinstance(error, click.exceptions.NoSuchCommand):
        guess = f"是否想用 {_listed(error.possibilities)}？" if error.possibilities else ""
        return f"没有命令 {error.command_name}。{guess}"
    if isinstance(error, click.BadParameter):
        return _bad_value(error)
    if isinstance(error, click.BadOptionUsage):
        return f"选项 {error.option_name} 后面须跟一个值。"
    extra = EXTRA_ARGUMENTS.search(error.message)
    if extra:
        return f"多余的参数：{extra[1]}。"
    return "命令行有误。"


class ChineseUsageError(click.UsageError):
    """One of click's usage errors, shown in Chinese with the command's usage line."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(chinese_message(error), error.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            lines.append(f"查看说明：{self.ctx.command_path} --help")
        lines.append(f"错误：{self.format_message()}")
        click.echo("\n".join(lines), file=file, err=file is None)
