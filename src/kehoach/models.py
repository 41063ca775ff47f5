"""The output records: pydantic models that are the single source of truth for
the JSON contract (../shared/CONTRACT.md, schema_version "1").

Every field named in the contract is present and uses ``None`` for a missing
value.  Extra fields (``source`` on sections, ``lead_canonical`` ...) are
allowed by the contract and documented in the README.
"""
from __future__ import annotations

import datetime as _dt
from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

DeadlineKind = Literal["by", "period", "recurring", "continuous", "relative", "conditional", "unspecified"]
Comparator = Literal[">=", ">", "=", "<=", "<"]
SourceFormat = Literal["pdf", "docx", "txt", "md", "html"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Location(_Model):
    """Where a record came from: page (PDF, DOCX where known) and line in the
    normalised text (see ``kehoach text FILE``)."""

    page: Optional[int] = None
    line: Optional[int] = None
    pages: list[int] = Field(default_factory=list, description="all pages a record spans (tables over page breaks)")


class SourceInfo(_Model):
    path: str
    format: SourceFormat
    pages: Optional[int] = None
    sha256: str


class Signer(_Model):
    name: Optional[str] = None
    title: Optional[str] = None
    authority: Optional[str] = Field(None, description="TM./KT./Q./TL. prefix as printed, e.g. 'KT. CHỦ TỊCH'")


class LegalBasis(_Model):
    text: str
    doc_type: Optional[str] = None
    number: Optional[str] = None
    date: Optional[_dt.date] = None  # _dt: the field name 'date' shadows the type
    issuer: Optional[str] = None


class Document(_Model):
    doc_type: Optional[str] = None
    number: Optional[str] = None
    issuer: Optional[str] = None
    province: Optional[str] = None
    place: Optional[str] = None
    date: Optional[_dt.date] = None  # _dt: the field name 'date' shadows the type
    title: Optional[str] = None
    signer: Optional[Signer] = None
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    # additions to the contract
    parent_issuer: Optional[str] = Field(None, description="cơ quan chủ quản line above the issuer, if any")
    plan_title: Optional[str] = Field(None, description="title of the plan a decision issues (Kế hoạch ...)")
    plan_type: Optional[str] = Field(None, description="doc_type of the attached plan, e.g. KH")
    year: Optional[int] = Field(None, description="the year the plan is for (from its title/date); null for a "
                                                  "plan over several years (see period_start/period_end)")
    period_start: Optional[int] = Field(None, description="first year of the period the plan covers "
                                                          "('giai đoạn 2022-2025' -> 2022; 'năm 2025' -> 2025)")
    period_end: Optional[int] = Field(None, description="last year of that period ('giai đoạn 2022-2025', "
                                                        "'đến năm 2025' -> 2025)")
    source: Location = Field(default_factory=Location)


class Section(_Model):
    ref: Optional[str] = None
    label: Optional[str] = None
    title: str = ""
    level: int = 1
    children: list["Section"] = Field(default_factory=list)
    source: Location = Field(default_factory=Location)


class Deadline(_Model):
    text: Optional[str] = None
    kind: DeadlineKind = "unspecified"
    start: Optional[date] = None
    end: Optional[date] = None
    rrule: Optional[str] = None
    dates: list[date] = Field(default_factory=list, description="every date the cell lists")


class Task(_Model):
    ref: Optional[str] = None
    group: Optional[str] = None
    content: str
    lead: list[str] = Field(default_factory=list)
    support: list[str] = Field(default_factory=list)
    output: Optional[str] = None
    deadline: Deadline = Field(default_factory=Deadline)
    origin: Literal["table", "text"] = "table"
    source: Location = Field(default_factory=Location)
    lead_canonical: list[str] = Field(default_factory=list)
    support_canonical: list[str] = Field(default_factory=list)
    monitor: list[str] = Field(default_factory=list, description="Theo dõi, kiểm tra, đôn đốc column")
    section: Optional[str] = None


class Target(_Model):
    indicator: str
    value: float
    unit: str
    comparator: Comparator = ">="
    text: str
    year: Optional[int] = None
    category: Optional[str] = None
    section: Optional[str] = None
    source: Location = Field(default_factory=Location)
    agencies: list[str] = Field(default_factory=list)


class Warning_(_Model):
    code: str
    message: str
    source: Location = Field(default_factory=Location)


class Plan(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: SourceInfo
    document: Document = Field(default_factory=Document)
    sections: list[Section] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


Section.model_rebuild()
