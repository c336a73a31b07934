# SPDX-License-Identifier: GPL-2.0-only
#
# killswitch: top-level entry points. Everything that touches a kernel runs
# in QEMU (see scripts/); this file only dispatches.

KDIR ?= /lib/modules/$(shell uname -r)/build


.PHONY: all module killswitchctl clean check check-host check-ctl check-vm kunit check-packages \
	demo bench deps lint install uninstall dkms-install

all: module killswitchctl

module:
	$(MAKE) -C module KDIR=$(KDIR)

# The admin's tool (needs libkmod-dev libbpf-dev libelf-dev, see
# tools/killswitchctl/deps.sh).
killswitchctl:
	$(MAKE) -C tools/killswitchctl

clean:
	$(MAKE) -C module clean
	$(MAKE) -C tools/killswitchctl clean
	rm -rf build

# Host packages needed by the tests and the demo (apt-get).
deps:
	scripts/ks-deps.sh

# Every test: host unit tests and fuzzing, the in-VM tests on Debian's
# kernels, the KUnit suite and the package install test.
check:
	scripts/ks-check.sh all

check-host:
	scripts/ks-check.sh host

check-ctl:
	scripts/ks-check.sh ctl

check-vm:
	scripts/ks-check.sh vm

kunit:
	scripts/ks-check.sh kunit

check-packages:
	scripts/ks-check.sh packages

demo:
	scripts/ks-demo.sh

bench:
	scripts/ks-bench.sh

lint:
	scripts/ks-lint.sh

# Installs from source (see README): module via kbuild, tools, configs.
install:
	scripts/ks-install.sh install

uninstall:
	scripts/ks-install.sh uninstall

dkms-install:
	scripts/ks-install.sh dkms
