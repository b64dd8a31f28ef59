"""IP network functions (cidrhost, cidrnetmask, cidrsubnet, cidrsubnets)."""

from __future__ import annotations

import ipaddress
from typing import Any

from infra2arch_terraform.functions._base import FunctionError
from infra2arch_terraform.functions._values import _as_int, _as_str
from infra2arch_terraform.functions._registry import VARIADIC, _register

# ---------------------------------------------------------------------------------------------
# IP network functions


def _parse_cidr(text: str) -> tuple[int, int, int]:
    """(network address as int with host bits cleared, prefix length, address bits)."""
    if "/" not in text:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}")
    address, _, length = text.rpartition("/")
    if not length.isdigit() or not length.isascii() or len(length) > 3:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}")
    prefix = int(length)
    try:
        if ":" in address:
            ip = ipaddress.IPv6Address(address)
            bits = 128
            mapped = ip.ipv4_mapped
            if mapped is not None:  # Go treats ::ffff:a.b.c.d/n+96 as an IPv4 network
                if prefix < 96:
                    raise ValueError("prefix too short for an IPv4-mapped address")
                ip, bits, prefix = mapped, 32, prefix - 96
        else:
            octets = address.split(".")
            if len(octets) != 4 or not all(o.isdigit() and o.isascii() and len(o) <= 3 for o in octets):
                raise ValueError("invalid IPv4 address")
            values = [int(o) for o in octets]  # leading zeros are decimal, as in Terraform
            if any(v > 255 for v in values):
                raise ValueError("invalid IPv4 address")
            ip = ipaddress.IPv4Address(".".join(map(str, values)))
            bits = 32
    except ValueError:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}") from None
    if prefix > bits:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}")
    mask = ((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1)
    return int(ip) & mask, prefix, bits


def _ip_text(value: int, bits: int) -> str:
    if bits == 32:
        return str(ipaddress.IPv4Address(value))
    ip = ipaddress.IPv6Address(value)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return ip.compressed


def _big_int(value: Any, what: str) -> int:
    return _as_int(value, what)


@_register("cidrhost", 2)
def _cidrhost(ctx, prefix, hostnum):
    network, length, bits = _parse_cidr(_as_str(prefix, "prefix"))
    num = _big_int(hostnum, "hostnum")
    host_bits = bits - length
    max_host = (1 << host_bits) - 1
    magnitude = num
    if num < 0:
        magnitude = -num - 1
        num = max_host - magnitude
    if magnitude > max_host:
        raise FunctionError(f"prefix of {length} does not accommodate a host numbered {num}")
    return _ip_text(network | num, bits)


@_register("cidrnetmask", 1)
def _cidrnetmask(ctx, prefix):
    text = _as_str(prefix, "prefix")
    _, length, bits = _parse_cidr(text)
    if bits != 32:
        raise FunctionError(f"IPv6 addresses cannot have a netmask: {text}")
    mask = ((1 << 32) - 1) ^ ((1 << (32 - length)) - 1)
    return str(ipaddress.IPv4Address(mask))


@_register("cidrsubnet", 3)
def _cidrsubnet(ctx, prefix, newbits, netnum):
    network, length, bits = _parse_cidr(_as_str(prefix, "prefix"))
    extra = _as_int(newbits, "newbits")
    num = _big_int(netnum, "netnum")
    if extra < 0:
        raise FunctionError("newbits must not be negative")
    if extra > 32:
        raise FunctionError("may not extend prefix by more than 32 bits")
    new_length = length + extra
    if new_length > bits:
        raise FunctionError(f"insufficient address space to extend prefix of {length} by {extra}")
    if num < 0:
        raise FunctionError("netnum must not be negative")
    if num > (1 << extra) - 1:
        raise FunctionError(f"prefix extension of {extra} does not accommodate a subnet numbered {num}")
    address = network | (num << (bits - new_length))
    return f"{_ip_text(address, bits)}/{new_length}"


@_register("cidrsubnets", 1, VARIADIC)
def _cidrsubnets(ctx, prefix, *newbits):
    network, length, bits = _parse_cidr(_as_str(prefix, "prefix"))
    if not newbits:
        return []
    full = (1 << bits) - 1

    def mask(n: int) -> int:
        return full ^ ((1 << (bits - n)) - 1)

    def last_of(address: int, n: int) -> int:
        return (address & mask(n)) | ((1 << (bits - n)) - 1)

    lengths = [_as_int(n, f"newbits {i + 1}") for i, n in enumerate(newbits)]
    first = lengths[0] + length
    if not 0 <= first <= bits:
        first = max(0, min(first, bits))
    current = ((network - 1) & full) & mask(first)
    current_len = first
    results = []
    for extra in lengths:
        if extra < 1:
            raise FunctionError("must extend prefix by at least one bit")
        if extra > 32:
            raise FunctionError("may not extend prefix by more than 32 bits")
        new_length = extra + length
        if new_length > bits:
            protocol = "IPv4" if bits == 32 else "IPv6"
            raise FunctionError(f"would extend prefix to {new_length} bits, which is too long for an {protocol} address")
        current_last = last_of(current, current_len)
        subnet = current_last & mask(new_length)
        following = (last_of(subnet, new_length) + 1) & full
        next_address = following & mask(new_length)
        if following == 0 or (next_address & mask(length)) != network:
            raise FunctionError(
                f"not enough remaining address space for a subnet with a prefix of {new_length} bits after "
                f"{_ip_text(current, bits)}/{current_len}"
            )
        current, current_len = next_address, new_length
        results.append(f"{_ip_text(current, bits)}/{current_len}")
    return results


