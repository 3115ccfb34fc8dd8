"""Python source snippets for the templates: annotations, parsing and dumping of properties.

openapi-python-client hands templates a tree of ``Property`` objects; these
functions turn one into the code our templates need. Every parse expression is
lenient: a JSON value of an unexpected shape (``null``, a string where an
object was promised) passes through unchanged instead of raising, so a response
never fails to parse and ``to_dict`` can write back exactly what came in.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from openapi_python_client.parser.openapi import Endpoint
from openapi_python_client.parser.properties import EnumProperty, ModelProperty
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.parser.properties.protocol import PropertyProtocol
from openapi_python_client.parser.properties.union import UnionProperty
from openapi_python_client.parser.responses import Response
from openapi_python_client.schema.untrusted_string import UntrustedString
from openapi_python_client.strings import safe_for_docstring

from generator.names import NameClash, Renamed

# Kinds whose JSON value is already the Python value.
PLAIN_TYPES = {
    "AnyProperty": "Any",
    "BooleanProperty": "bool",
    "IntProperty": "int",
    "FloatProperty": "float",
    "StringProperty": "str",
    "UuidProperty": "str",
    "NoneProperty": "None",
    "ConstProperty": "Any",
    "FileProperty": "File",
}


# Builtins the annotations and signatures of a model class use: a field of the same name hides them there.
BUILTIN_TYPES = ("bool", "dict", "float", "int", "list", "str")
# Names an endpoint function takes or uses besides the operation's parameters.
ENDPOINT_NAMES = frozenset(
    {"client", "body", "extra_query", "extra_headers", "extra_body", "options", "params", "headers"}
    | {"dict", "str", "isinstance", "UNSET", "Unset", "METHOD"}
)
# Other names a model's class body refers to; a field may not take them.
MODEL_NAMES = frozenset({"additional_properties", "to_dict", "from_dict", "Any", "Mapping", "Self", "Unset", "UNSET"})


class TemplateError(Exception):
    """The spec uses a construct our templates do not generate code for."""


def raw(value: UntrustedString | str) -> str:
    """The plain text of a value from the spec."""
    return value.get_untrusted_value() if isinstance(value, UntrustedString) else str(value)


def literal(value: UntrustedString | str) -> str:
    """A Python string literal holding ``value`` exactly, in ASCII (ruff flags look-alike characters)."""
    return ascii(raw(value))


# Typographic look-alikes of ASCII characters, written as the ASCII they stand for in docstrings:
# ruff rejects them (an en dash for a hyphen), and the text reads the same.
TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f", " "),
        "\u2026": "...",
    }
)
# Escapes longer than this are cut into lines between characters, before `wordwrap` could cut one in two.
ESCAPED_RUN = 60


def docstring(value: Any) -> str:
    """Text for a docstring: openapi-python-client's ``safe_for_docstring``, then ASCII only.

    Typographic dashes, quotes and spaces become their ASCII forms; any other non-ASCII character
    is written as its ``\\u`` escape, so the text stays exact and no look-alike reaches the source.
    """
    text = safe_for_docstring(value).translate(TYPOGRAPHY)
    if not text.isascii():
        text = re.sub(r"\S+", _escape_word, text)
    # A quote just before the closing `"""` would end the docstring one character early.
    return text[:-1] + '\\"' if text.endswith('"') else text


def _escape_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.isascii():
        return word
    lines, line = [], ""
    for character in word:
        piece = character if character.isascii() else ascii(character)[1:-1]
        if len(line) + len(piece) > ESCAPED_RUN:
            lines.append(line)
            line = ""
        line += piece
    return "\n".join([*lines, line])


def kind(prop: PropertyProtocol) -> str:
    """The class name of a property, which says how it is represented."""
    return type(prop).__name__


def python_name(prop: PropertyProtocol) -> str:
    """A field's or parameter's name in Python: the API's own (``type``, ``next``, ``filter``).

    Only names Python cannot take get openapi-python-client's spelling: keywords (``from_``), names
    that are not identifiers (``content-available`` becomes ``content_available``) and private names;
    a name the generator chose (``Renamed``: ``to_dict_``, or ``message`` for a field ``Message`` of
    type ``Message``) is kept.
    """
    name = raw(prop.name)
    if isinstance(prop.python_name, Renamed):
        return str(prop.python_name)
    if name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_"):
        return name
    return str(prop.python_name)


def properties(model: ModelProperty) -> list[PropertyProtocol]:
    """A model's properties, required first, each group in spec order."""
    return [*(model.required_properties or []), *(model.optional_properties or [])]


def qualify(text: str, hidden: Iterable[str]) -> str:
    """``text`` with each of the ``hidden`` builtins written ``builtins.<name>``."""
    names = "|".join(hidden)
    return re.sub(rf"(?<![\w.])({names})\b", r"builtins.\1", text) if names else text


class Snippets:
    """Code snippets for one generation run.

    ``component_classes`` are the class names of the spec's component schemas;
    every other model class comes from an inline object. ``operation_ids`` maps
    ``(METHOD, path)`` to the spec's operationId, which the parser does not keep.
    """

    def __init__(self, component_classes: Iterable[str], operation_ids: Mapping[tuple[str, str], str]) -> None:
        self.component_classes = frozenset(component_classes)
        self.operation_ids = dict(operation_ids)

    def is_map(self, prop: PropertyProtocol) -> bool:
        """Whether a model property is really a ``dict[str, T]``: an inline object with no named properties.

        openapi-python-client makes a class for every inline ``type: object``;
        for a map of values that class only wraps a dict, so we use the dict.
        """
        return (
            isinstance(prop, ModelProperty)
            and not prop.required_properties
            and not prop.optional_properties
            and prop.class_info.name not in self.component_classes
        )

    def map_value(self, prop: ModelProperty) -> PropertyProtocol | None:
        """The property describing the values of a map (``None`` for any value)."""
        extra = prop.additional_properties
        return None if extra is None or isinstance(extra, bool) or kind(extra) == "AnyProperty" else extra

    def annotation(self, prop: PropertyProtocol, *, with_unset: bool = True, hidden: Iterable[str] = ()) -> str:
        """The type annotation of a property (``| Unset`` when it may be absent).

        ``hidden`` are the builtins a field of the class hides: they are written ``builtins.<name>``.
        """
        text = qualify(self._base_type(prop), hidden)
        return f"{text} | Unset" if with_unset and not prop.required else text

    def hidden_builtins(self, model: ModelProperty) -> list[str]:
        """The builtins that fields of ``model`` hide in its class body (a field ``list`` hides ``list``).

        Raises ``TemplateError`` for a field named like another name the class body needs.
        """
        names = [python_name(prop) for prop in properties(model)]
        where = f"schema {model.class_info.name}"
        if len(set(names)) != len(names):
            raise TemplateError(f"{where}: two properties have the same Python name")
        clashes = self._needed_names(model)
        if clashes & set(names):
            raise TemplateError(f"{where}: properties named {sorted(clashes & set(names))} hide names the class needs")
        return [name for name in BUILTIN_TYPES if name in names]

    def rename_class_name_fields(self, models: Iterable[ModelProperty]) -> None:
        """Give a field named like a name its class body needs (``Message`` of type ``Message``, in older
        specs of Stream's) openapi-python-client's snake_case spelling, refusing one taken by then."""
        for model in models:
            needed = self._needed_names(model)
            taken = {python_name(prop) for prop in properties(model)}
            for prop in properties(model):
                if python_name(prop) not in needed:
                    continue
                new = Renamed(raw(prop.name), "field_")
                if new in needed or new in taken:
                    raise NameClash(
                        f"schema {model.class_info.name}: property {raw(prop.name)!r} hides a name the class needs, "
                        f"and {str(new)!r} is taken"
                    )
                prop.python_name = new
                taken.add(new)

    def _needed_names(self, model: ModelProperty) -> set[str]:
        """Names the class body of ``model`` refers to, besides the builtins a field may hide."""
        used = {word for prop in properties(model) for word in re.findall(r"(?<![\w.])\w+", self._base_type(prop))}
        return (set(MODEL_NAMES) | used | {"datetime", "builtins"}) - set(BUILTIN_TYPES)

    def _base_type(self, prop: PropertyProtocol) -> str:
        name = kind(prop)
        if name in PLAIN_TYPES:
            return PLAIN_TYPES[name]
        if name == "DateTimeProperty":
            return "datetime.datetime"
        if name == "DateProperty":
            return "datetime.date"
        if isinstance(prop, EnumProperty):
            # Open enum: a value this version does not know arrives as a plain str/int.
            return f"{prop.class_info.name} | {'int' if prop.value_type is int else 'str'}"
        if isinstance(prop, ListProperty):
            return f"list[{self._base_type(prop.inner_property)}]"
        if isinstance(prop, ModelProperty):
            if self.is_map(prop):
                inner = self.map_value(prop)
                return f"dict[str, {self._base_type(inner) if inner else 'Any'}]"
            return prop.class_info.name
        if isinstance(prop, UnionProperty):
            parts: list[str] = []
            for inner in prop.inner_properties:
                for part in self._base_type(inner).split(" | "):
                    if part not in parts:
                        parts.append(part)
            return " | ".join(parts)
        raise TemplateError(f"no annotation for {name} {raw(prop.name)!r}")

    def needs_conversion(self, prop: PropertyProtocol) -> bool:
        """Whether JSON values of this property must be converted to become its Python values."""
        name = kind(prop)
        if name in PLAIN_TYPES:
            return False
        if isinstance(prop, ListProperty):
            return self.needs_conversion(prop.inner_property)
        if isinstance(prop, ModelProperty) and self.is_map(prop):
            inner = self.map_value(prop)
            return inner is not None and self.needs_conversion(inner)
        if isinstance(prop, UnionProperty):
            return any(self.needs_conversion(inner) for inner in prop.inner_properties)
        return True

    def parse(self, prop: PropertyProtocol, source: str, depth: int = 0) -> str:
        """An expression turning the JSON value in variable ``source`` into the property's value."""
        if not self.needs_conversion(prop):
            return source
        item = f"_v{depth}"
        if kind(prop) == "DateTimeProperty":
            # parse_datetime returns anything but a string as it is: no call for absent and null fields.
            return f"_s.parse_datetime({source}) if isinstance({source}, str) else {source}"
        if kind(prop) == "DateProperty":
            return f"_s.parse_date({source})"
        if isinstance(prop, EnumProperty):
            return f"_s.parse_enum(_m.{prop.class_info.name}, {source})"
        if isinstance(prop, ListProperty):
            inner = self.parse(prop.inner_property, item, depth + 1)
            return f"[{inner} for {item} in {source}] if isinstance({source}, list) else {source}"
        if isinstance(prop, ModelProperty):
            if self.is_map(prop):
                value = self.map_value(prop)
                assert value is not None
                inner = self.parse(value, item, depth + 1)
                comprehension = f"{{_k{depth}: {inner} for _k{depth}, {item} in {source}.items()}}"
                return f"{comprehension} if isinstance({source}, dict) else {source}"
            return f"_m.{prop.class_info.name}.from_dict({source}) if isinstance({source}, dict) else {source}"
        if isinstance(prop, UnionProperty):
            convertible = [inner for inner in prop.inner_properties if self.needs_conversion(inner)]
            if len(convertible) == 1:
                return self.parse(convertible[0], source, depth)
            return f"_s.parse_union({source}, ({', '.join(self._parser(inner) for inner in convertible)},))"
        raise TemplateError(f"cannot parse {kind(prop)} {raw(prop.name)!r}")

    def _parser(self, prop: PropertyProtocol) -> str:
        """A one-argument callable parsing a value of ``prop``, for unions of several kinds."""
        return f"lambda _u: {self.parse(prop, '_u')}"

    def dump(self, prop: PropertyProtocol, source: str) -> str:
        """An expression turning the property value in ``source`` into JSON-ready data."""
        if not self.needs_conversion(prop):
            return source
        if kind(prop) == "DateTimeProperty":
            return f"_s.format_datetime({source})"
        return f"_s.to_json({source})"

    def models_used(self, props: Iterable[PropertyProtocol]) -> list[tuple[str, str]]:
        """``(module, class)`` of every generated class the given properties refer to, sorted."""
        found: set[tuple[str, str]] = set()
        for prop in props:
            for inner in self._walk(prop):
                if isinstance(inner, (EnumProperty, ModelProperty)) and not self.is_map(inner):
                    found.add((inner.class_info.module_name, inner.class_info.name))
        return sorted(found)

    def uses_kind(self, props: Iterable[PropertyProtocol], *names: str) -> bool:
        """Whether any of ``props`` (or what they contain) is of one of the given kinds."""
        return any(kind(inner) in names for prop in props for inner in self._walk(prop))

    def uses_lazy_models(self, props: Iterable[PropertyProtocol]) -> bool:
        """Whether parsing ``props`` reaches into ``models`` (nested models or enums)."""
        return any(
            isinstance(inner, EnumProperty) or (isinstance(inner, ModelProperty) and not self.is_map(inner))
            for prop in props
            if self.needs_conversion(prop)
            for inner in self._walk(prop)
        )

    def _walk(self, prop: PropertyProtocol) -> Iterator[PropertyProtocol]:
        yield prop
        if isinstance(prop, ListProperty):
            yield from self._walk(prop.inner_property)
        elif isinstance(prop, UnionProperty):
            for inner in prop.inner_properties:
                yield from self._walk(inner)
        elif isinstance(prop, ModelProperty) and self.is_map(prop):
            value = self.map_value(prop)
            if value is not None:
                yield from self._walk(value)

    def any_conversion(self, props: Iterable[PropertyProtocol]) -> bool:
        """Whether any of ``props`` needs converting between JSON and Python."""
        return any(self.needs_conversion(prop) for prop in props)

    def type_imports(self, props: Iterable[PropertyProtocol], own_class: str = "", package: str = "..") -> list[str]:
        """Import lines for the names the annotations of ``props`` use, for a ``TYPE_CHECKING`` block.

        ``package`` is the relative import prefix of the generated package from the importing module.
        """
        props = list(props)
        lines = []
        if self.uses_kind(props, "DateTimeProperty", "DateProperty"):
            lines.append("import datetime")
        if self.uses_kind(props, "FileProperty"):
            lines.append(f"from {package}types import File")
        lines += [
            f"from {package}models.{module} import {name}"
            for module, name in self.models_used(props)
            if name != own_class
        ]
        return lines

    # Endpoints

    def success_response(self, endpoint: Endpoint) -> Response | None:
        """The first 2xx response an endpoint describes."""
        for response in endpoint.responses.patterns:
            status_range = response.status_code.range
            if status_range is not None and 200 <= status_range[0] < 300:
                return response
        return None

    def return_type(self, endpoint: Endpoint) -> str:
        """What ``sync``/``asyncio`` return: the success model, or ``Any``."""
        response = self.success_response(endpoint)
        if response is None or kind(response.prop) in ("AnyProperty", "NoneProperty"):
            return "Any"
        return self.annotation(response.prop, with_unset=False)

    def parse_body(self, endpoint: Endpoint) -> str:
        """An expression turning the decoded JSON ``data`` into the return type."""
        response = self.success_response(endpoint)
        if response is None or not self.needs_conversion(response.prop):
            return "data"
        if isinstance(response.prop, ModelProperty) and not self.is_map(response.prop):
            return f"_m.{response.prop.class_info.name}.from_dict(_s.json_object(data))"
        return self.parse(response.prop, "data")

    def argument_annotation(self, prop: PropertyProtocol) -> str:
        """The annotation of an endpoint argument: models may also be given as plain dicts."""
        text = self.annotation(prop, with_unset=False)
        if isinstance(prop, ModelProperty) and not self.is_map(prop):
            text += " | dict[str, Any]"
        return text if prop.required else f"{text} | Unset = UNSET"

    def param_name(self, endpoint: Endpoint, param: PropertyProtocol) -> str:
        """A parameter's name in Python: the API's own, unless another parameter or the function has it.

        Then it is openapi-python-client's, which adds the location (``id_path``, ``id_query``).
        """
        name = python_name(param)
        same = [other for other in self.arguments(endpoint) if raw(other.name) == raw(param.name)]
        return str(param.python_name) if len(same) > 1 or name in ENDPOINT_NAMES else name

    def api_path(self, endpoint: Endpoint) -> str:
        """The endpoint's path as the spec writes it (``/channels/{type}/{id}``)."""
        path = raw(endpoint.path)
        for param in endpoint.path_parameters:
            path = path.replace("{" + str(param.python_name) + "}", "{" + raw(param.name) + "}")
        return path

    def operation_id(self, endpoint: Endpoint) -> str:
        """The operationId the spec gives an endpoint."""
        return self.operation_ids[endpoint.method.upper(), self.api_path(endpoint)]

    def path_expression(self, endpoint: Endpoint) -> str:
        """Python expression of the request path, each parameter percent-encoded."""
        # openapi-python-client has already renamed the placeholders to the parameters' Python names.
        names = {str(param.python_name): param for param in endpoint.path_parameters}
        pieces: list[str] = []
        for index, piece in enumerate(re.split(r"\{([^{}]+)\}", raw(endpoint.path))):
            if index % 2 == 0:
                if piece:
                    pieces.append(repr(piece))
            elif piece in names:
                pieces.append(f"_s.path_segment({self.param_name(endpoint, names[piece])}, {raw(names[piece].name)!r})")
            else:
                raise TemplateError(f"{raw(endpoint.path)}: no parameter describes {{{piece}}}")
        return " + ".join(pieces) or repr("/")

    def endpoint_props(self, endpoint: Endpoint) -> list[PropertyProtocol]:
        """Every property an endpoint module refers to: parameters, bodies and success response."""
        props: list[PropertyProtocol] = [
            *endpoint.path_parameters,
            *endpoint.query_parameters,
            *endpoint.header_parameters,
            *(body.prop for body in endpoint.bodies),
        ]
        response = self.success_response(endpoint)
        if response is not None:
            props.append(response.prop)
        return props

    def arguments(self, endpoint: Endpoint) -> list[PropertyProtocol]:
        """The parameters of an endpoint function, in signature order (body aside)."""
        return [*endpoint.path_parameters, *endpoint.query_parameters, *endpoint.header_parameters]

    def call_arguments(self, endpoint: Endpoint, with_client: bool = True) -> str:
        """The arguments that pass an endpoint function's own parameters on to another."""
        path = [self.param_name(endpoint, param) for param in endpoint.path_parameters]
        keywords = ["client"] if with_client else []
        keywords += ["body"] if endpoint.bodies else []
        keywords += [self.param_name(endpoint, param) for param in self.arguments(endpoint)[len(path) :]]
        keywords += ["extra_query", "extra_headers"] + ([] if endpoint.bodies else ["extra_body"])
        return ", ".join([*path, *(f"{name}={name}" for name in keywords)])

    def check_endpoint(self, endpoint: Endpoint) -> str:
        """Refuse what the endpoint template does not generate; returns ``""`` to render nothing."""
        where = f"{endpoint.method.upper()} {raw(endpoint.path)}"
        if endpoint.cookie_parameters:
            raise TemplateError(f"{where}: cookie parameters are not supported")
        if len(endpoint.bodies) > 1:
            raise TemplateError(f"{where}: more than one request content type")
        names = [self.param_name(endpoint, param) for param in self.arguments(endpoint)]
        if ENDPOINT_NAMES & set(names) or len(set(names)) != len(names):
            raise TemplateError(f"{where}: parameter names clash with each other or with client/body")
        for body in endpoint.bodies:
            if body.body_type not in ("json", "files"):
                raise TemplateError(f"{where}: request bodies of type {body.body_type} are not supported")
        return ""

    def template_globals(self) -> dict[str, Any]:
        """What ``generator.regen`` adds to the Jinja environment."""
        return {
            "annotation": self.annotation,
            "hidden_builtins": self.hidden_builtins,
            "python_name": python_name,
            "param_name": self.param_name,
            "parse": self.parse,
            "dump": self.dump,
            "is_map": self.is_map,
            "needs_conversion": self.needs_conversion,
            "models_used": self.models_used,
            "uses_kind": self.uses_kind,
            "uses_lazy_models": self.uses_lazy_models,
            "any_conversion": self.any_conversion,
            "type_imports": self.type_imports,
            "success_response": self.success_response,
            "return_type": self.return_type,
            "parse_body": self.parse_body,
            "argument_annotation": self.argument_annotation,
            "path_expression": self.path_expression,
            "api_path": self.api_path,
            "operation_id": self.operation_id,
            "endpoint_props": self.endpoint_props,
            "check_endpoint": self.check_endpoint,
            "call_arguments": self.call_arguments,
            "literal": literal,
            "raw": raw,
            "kind": kind,
            "properties": properties,
        }
