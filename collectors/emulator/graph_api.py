"""Graph API emulation (``/v{N}.0/...``): Facebook Page posts and comments, Instagram media.

What collectors rely on is copied from Meta's documentation: ``fields`` with nested
``{...}`` and ``.limit()/.summary()`` modifiers, cursor paging whose ``paging.next`` is an
absolute URL carrying the access token and every parameter, ``since``/``until``, comment
``filter=stream|toplevel`` and ``summary=true``, the error objects (190 bad token, 10 missing
permission, 100/33 unknown object, 100 unknown field) and the ``X-App-Usage`` /
``X-Business-Use-Case-Usage`` headers.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from collectors.emulator import graph_objects as go
from collectors.emulator.api_types import ApiRequest, ApiResponse, TokenGrant, WindowCounter
from collectors.emulator.graph_fields import FieldSpec, FieldSyntaxError, parse_fields
from collectors.emulator.world import Scenario

_PATH = re.compile(r"^/(?P<version>v\d+\.\d+)/(?P<node>[\w.]*)(?:/(?P<edge>\w+))?/?$")
_IGNORED = {
    "access_token",
    "appsecret_proof",
    "pretty",
    "format",
    "method",
    "locale",
    "suppress_http_code",
    "debug",
    "__paging_token",
    "__previous",
}


class GraphError(Exception):
    """A Graph error object and the HTTP status it travels with."""

    def __init__(
        self,
        status: int,
        message: str,
        code: int,
        kind: str = "OAuthException",
        subcode: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.kind, self.subcode = (
            status,
            message,
            code,
            kind,
            subcode,
        )

    def body(self, trace: str) -> dict[str, Any]:
        """The ``{"error": {...}}`` object Graph sends."""
        error: dict[str, Any] = {"message": self.message, "type": self.kind, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["fbtrace_id"] = trace
        return {"error": error}


def _no_field(name: str, node: go.Node) -> GraphError:
    return GraphError(
        400,
        f"(#100) Tried accessing nonexisting field ({name}) on node type ({node.type_name})",
        100,
    )


def _unknown(node_id: str) -> GraphError:
    return GraphError(
        400,
        f"Unsupported get request. Object with ID '{node_id}' does not exist, cannot be "
        "loaded due to missing permissions, or does not support this operation. Please read "
        "the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        100,
        "GraphMethodException",
        33,
    )


def _cursor(key: tuple[float, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps([key[0], key[1]]).encode()).decode().rstrip("=")


def _uncursor(text: str) -> tuple[float, str]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        stamp, ident = json.loads(raw)
        return float(stamp), str(ident)
    except (ValueError, TypeError) as exc:
        raise GraphError(400, "(#100) The after/before cursor is invalid", 100) from exc


def _timestamp(name: str, raw: str) -> float:
    if raw.lstrip("-").isdigit():
        return float(raw)
    try:
        value = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise GraphError(400, f"(#100) The parameter {name} is not a valid time", 100) from exc
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


class GraphApi:
    """Answers ``/vNN.N/...`` requests from a scenario."""

    def __init__(
        self, scenario: Scenario, tokens: dict[str, TokenGrant], hourly_budget: int = 10_000
    ) -> None:
        self.scenario = scenario
        self.tokens = tokens
        self.budget = hourly_budget
        self.usage = WindowCounter(3600)
        self._trace = itertools.count(1)

    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer one Graph request (errors included, never raises)."""
        trace = "A" + hashlib.sha1(str(next(self._trace)).encode()).hexdigest()[:22]
        match = _PATH.match(request.path)
        route = "graph:" + (f"{match['edge'] or 'node'}" if match else "unknown")
        token = request.param("access_token") or request.bearer() or ""
        headers: dict[str, str] = {}
        try:
            grant = self._grant(token)
            count, _ = self.usage.hit(token)
            share = min(100, math.ceil(count * 100 / self.budget))
            headers["X-App-Usage"] = json.dumps(
                {"call_count": share, "total_cputime": max(share // 2, 1), "total_time": share}
            )
            if count > self.budget:
                raise GraphError(403, "(#4) Application request limit reached", 4)
            if match is None:
                raise GraphError(400, "Unknown path components: " + request.path, 2500)
            with self.scenario.lock:
                payload, owner = self._dispatch(request, match, grant, token)
            if owner:  # business use-case usage is counted per Page / Instagram account
                headers["X-Business-Use-Case-Usage"] = json.dumps(
                    {
                        owner: [
                            {
                                "type": "instagram"
                                if owner == self.scenario.accounts["instagram"].id
                                else "pages",
                                "call_count": share,
                                "total_cputime": max(share // 2, 1),
                                "total_time": share,
                                "estimated_time_to_regain_access": 0,
                            }
                        ]
                    }
                )
            return ApiResponse(200, payload, headers, route)
        except GraphError as exc:
            return ApiResponse(exc.status, exc.body(trace), headers, route)
        except FieldSyntaxError as exc:
            return ApiResponse(
                400, GraphError(400, f"(#100) {exc}", 100).body(trace), headers, route
            )

    def _grant(self, token: str) -> TokenGrant:
        if not token:
            raise GraphError(
                400,
                "An active access token must be used to query information about the current user.",
                2500,
            )
        grant = self.tokens.get(token)
        if grant is None or grant.platform != "meta":
            raise GraphError(400, "Invalid OAuth access token - Cannot parse access token", 190)
        if grant.expired:
            raise GraphError(
                400,
                "Error validating access token: Session has expired on "
                "Tuesday, 26-Nov-24 09:00:00 PST.",
                190,
                subcode=463,
            )
        return grant

    # -- routing -----------------------------------------------------------------------------
    def _dispatch(
        self, request: ApiRequest, match: re.Match[str], grant: TokenGrant, token: str
    ) -> tuple[dict[str, Any], str]:
        node_id, edge = match["node"], match["edge"]
        if node_id == "debug_token" and edge is None:
            return self._debug_token(request.param("input_token") or ""), ""
        if node_id == "" and request.param("ids"):
            return self._many(request, grant, token), self.scenario.accounts["facebook"].id
        if node_id == "me":
            node_id = self.scenario.accounts["facebook"].id if grant.page_token else ""
            if not node_id:
                return {"id": "100000000000001", "name": "Operator Simulasi"}, ""
        node = go.resolve(self.scenario, node_id)
        if node is None:
            raise _unknown(node_id)
        self._check_permission(node, edge, grant)
        owner = go.owner_id(self.scenario, node)
        specs = parse_fields(request.param("fields") or "")
        if edge is None:
            return self._render(node, specs, grant, request, token), owner
        if edge not in go.EDGES[node.kind]:
            raise _no_field(edge, node)
        return self._edge(request, node, edge, specs, grant, token, match["version"]), owner

    def _debug_token(self, input_token: str) -> dict[str, Any]:
        """What Graph says about a token: validity, type, scopes and when it lapses."""
        grant = self.tokens.get(input_token)
        if grant is None or grant.platform != "meta":
            return {
                "data": {
                    "is_valid": False,
                    "error": {"code": 190, "message": "Invalid OAuth access token."},
                    "scopes": [],
                }
            }
        return {
            "data": {
                "app_id": "900000000000001",
                "type": "PAGE" if grant.page_token else "USER",
                "application": "Pantau Emulator",
                "is_valid": not grant.expired,
                "expires_at": grant.expires_at,
                "data_access_expires_at": grant.data_access_expires_at,
                "scopes": sorted(grant.permissions),
            }
        }

    def _many(self, request: ApiRequest, grant: TokenGrant, token: str) -> dict[str, Any]:
        ids = [i for i in (request.param("ids") or "").split(",") if i]
        missing = [i for i in ids if go.resolve(self.scenario, i) is None]
        if missing:
            raise GraphError(
                400,
                "(#803) Some of the aliases you requested do not exist: " + ",".join(missing),
                803,
            )
        specs = parse_fields(request.param("fields") or "")
        result = {}
        for node_id in ids:
            node = go.resolve(self.scenario, node_id)
            assert node is not None
            self._check_permission(node, None, grant)
            result[node_id] = self._render(node, specs, grant, request, token)
        return result

    @staticmethod
    def _check_permission(node: go.Node, edge: str | None, grant: TokenGrant) -> None:
        needed = "pages_read_engagement"
        if node.kind.startswith("ig_"):
            needed = "instagram_basic"
            if node.kind == "ig_comment" or edge in ("comments", "replies"):
                needed = "instagram_manage_comments"
        elif node.kind == "comment" or edge == "comments":
            needed = "pages_read_user_content"
        if needed not in grant.permissions:
            raise GraphError(
                403,
                "(#10) Application does not have permission for this action. "
                f"This endpoint requires the '{needed}' permission.",
                10,
            )

    # -- rendering ---------------------------------------------------------------------------
    def _render(
        self,
        node: go.Node,
        specs: list[FieldSpec],
        grant: TokenGrant,
        request: ApiRequest,
        token: str,
    ) -> dict[str, Any]:
        specs = specs or [FieldSpec(n) for n in go.DEFAULT_FIELDS[node.kind]]
        result: dict[str, Any] = {}
        values: dict[str, Any] | None = None
        for spec in specs:
            if spec.name in go.EDGES[node.kind]:
                self._check_permission(node, spec.name, grant)
                sub = spec.sub or []
                result[spec.alias] = self._edge_body(
                    request,
                    node,
                    spec.name,
                    sub,
                    spec.modifiers,
                    grant,
                    token,
                    request.path.split("/")[1],
                    inline=True,
                )
                continue
            if spec.name not in go.SCALARS[node.kind]:
                raise _no_field(spec.name, node)
            if values is None:
                values = go.scalars(self.scenario, node, grant.page_token)
            if spec.name not in values:
                continue
            value = values[spec.name]
            if spec.sub is not None and isinstance(value, dict):
                wanted = {s.name for s in spec.sub}
                value = {k: v for k, v in value.items() if k in wanted}
            result[spec.alias] = value
        if "id" not in result and node.entry is None and node.kind in ("page", "ig_user"):
            result["id"] = node.id
        return result

    def _edge(
        self,
        request: ApiRequest,
        node: go.Node,
        edge: str,
        specs: list[FieldSpec],
        grant: TokenGrant,
        token: str,
        version: str,
    ) -> dict[str, Any]:
        modifiers = {k: v[-1] for k, v in request.query.items() if k not in _IGNORED}
        return self._edge_body(
            request, node, edge, specs, modifiers, grant, token, version, inline=False
        )

    def _edge_body(
        self,
        request: ApiRequest,
        node: go.Node,
        edge: str,
        specs: list[FieldSpec],
        params: dict[str, str],
        grant: TokenGrant,
        token: str,
        version: str,
        inline: bool,
    ) -> dict[str, Any]:
        filter_ = params.get("filter", "toplevel")
        if filter_ not in ("toplevel", "stream"):
            raise GraphError(
                400, "(#100) filter must be one of the following values: toplevel, stream", 100
            )
        items, newest_first = go.edge_items(self.scenario, node, edge, filter_)
        order = params.get("order", "reverse_chronological" if newest_first else "chronological")
        if order not in ("chronological", "reverse_chronological"):
            raise GraphError(
                400, "(#100) order must be chronological or reverse_chronological", 100
            )
        if (order == "reverse_chronological") != newest_first:
            items, newest_first = items[::-1], not newest_first
        if "since" in params:
            low = _timestamp("since", params["since"])
            items = [e for e in items if e.created_at.timestamp() >= low]
        if "until" in params:
            high = _timestamp("until", params["until"])
            items = [e for e in items if e.created_at.timestamp() <= high]
        total = len(items)
        raw_limit = params.get("limit", "25")
        if not raw_limit.isdigit():
            raise GraphError(400, "(#100) The parameter limit must be an integer", 100)
        limit = min(int(raw_limit), 100)

        def later(key: tuple[float, str], mark: tuple[float, str]) -> bool:
            return key < mark if newest_first else key > mark

        start = 0
        if params.get("after"):
            mark = _uncursor(params["after"])
            start = next(
                (i for i, e in enumerate(items) if later(go.sort_key(e), mark)), len(items)
            )
        elif params.get("before"):
            mark = _uncursor(params["before"])
            end = next(
                (i for i, e in enumerate(items) if not later(mark, go.sort_key(e))), len(items)
            )
            start = max(0, end - limit)
            items = items[:end]
        page = items[start : start + limit]
        child = [
            self._render(self._child_node(node, e), specs, grant, request, token) for e in page
        ]
        body: dict[str, Any] = {"data": child}
        if page:
            cursors = {
                "before": _cursor(go.sort_key(page[0])),
                "after": _cursor(go.sort_key(page[-1])),
            }
            body["paging"] = {"cursors": cursors}
            link = {k: v for k, v in params.items() if k not in ("after", "before")}
            if inline:
                link = {"limit": str(limit or 25)}
                if specs:
                    link["fields"] = ",".join(s.text() for s in specs)
                if "filter" in params:
                    link["filter"] = params["filter"]
            base = f"{request.base_url}/{version}/{node.id}/{edge}?"
            query = {"access_token": token or request.param("access_token") or "", **link}
            if start + limit < len(items):
                body["paging"]["next"] = base + urlencode({**query, "after": cursors["after"]})
            if start > 0:
                body["paging"]["previous"] = base + urlencode(
                    {**query, "before": cursors["before"]}
                )
        if params.get("summary") in ("true", "1", "total_count") and edge != "media":
            summary: dict[str, Any] = {
                "total_count": total if edge not in ("reactions", "likes") else self._likes(node)
            }
            if edge == "comments":
                summary = {"order": order, **summary, "can_comment": True}
            body["summary"] = summary
        return body

    @staticmethod
    def _likes(node: go.Node) -> int:
        return node.entry.like_count if node.entry is not None else 0

    def _child_node(self, parent: go.Node, entry: Any) -> go.Node:
        kind = {
            "page": "post",
            "post": "comment",
            "comment": "comment",
            "ig_user": "ig_media",
            "ig_media": "ig_comment",
            "ig_comment": "ig_comment",
        }[parent.kind]
        return go.Node(kind, entry.external_id, entry)
