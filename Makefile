# Two commands on a fresh machine (Debian/Ubuntu, Python >= 3.11):
#   make demo   - set everything up, scan the bundled AWS sample, write the graph and maps to ./out/aws-sagemaker
#   make test   - set everything up and run the whole test suite
# Set-up is idempotent: system packages through apt-get when missing, Python packages into ./.venv.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# graphviz: maps; libpango/libpangoft2/libharfbuzz-subset0 + fonts-dejavu-core: PDF reports (WeasyPrint);
# poppler-utils (pdftoppm, pdftotext) and chromium: report and explorer tests
SYSTEM_PACKAGES := graphviz libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium nodejs
# the Mermaid test renders charts with the real mermaid npm package, installed into the venv (npm from
# Debian's npm package unless the nodejs build already brings it)
MERMAID_VERSION := 11.17.2
MERMAID := $(VENV)/node/node_modules/mermaid/package.json

.PHONY: setup system python node demo test bench clean

setup: system python node

system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml providers/terraform/pyproject.toml providers/aws/pyproject.toml providers/gcp/pyproject.toml providers/azure/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,bench]' -e providers/terraform -e 'providers/aws[test]'
	$(PY) -m pip install -q -e 'providers/gcp[test]'
	$(PY) -m pip install -q -e 'providers/azure[test]'
	touch $@

python: $(VENV)/.installed

node: $(MERMAID)

$(MERMAID): | $(VENV)/.installed
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }
	mkdir -p $(VENV)/node
	npm install --prefix $(VENV)/node --no-audit --no-fund --silent mermaid@$(MERMAID_VERSION)
	touch $@

demo: setup
	$(VENV)/bin/infra2arch scan terraform samples/aws-sagemaker -o out/aws-sagemaker --format json,png,svg,html \
	  --view executive --view engineering --view security --view cost

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/scan_terraform.py

clean:
	rm -rf $(VENV) out .pytest_cache
