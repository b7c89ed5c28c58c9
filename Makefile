# Two commands: `make run` installs everything and builds the seeds; `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := fonts-noto-cjk fonts-lxgw-wenkai fonts-hanazono fonts-symbola libharfbuzz-subset0 fontconfig qpdf poppler-utils chromium
OUT := out

.PHONY: run test system python test-deps clean

run: system python
	$(VENV)/bin/edition build seeds/*.txt -o $(OUT) --format all --each

test: system python test-deps
	$(PY) -m pytest -q -p no:cacheprovider

# Debian packages, installed only when missing (through sudo when not root).
system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$(echo $$missing)" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

python: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

test-deps: $(VENV)/.test-installed

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf $(OUT) $(VENV) build *.egg-info
