from infra2arch.cli import run

run()
