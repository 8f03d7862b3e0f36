# `make coverage`: line and branch coverage of the mpage port (kmod/mpage/)
# under the host unit tests. A separate CMake build with -DMPFS_COVERAGE=ON
# (tests/sim/CMakeLists.txt adds --coverage to the port library and the tests),
# the port's tests run, gcovr reports; fails below COVERAGE_MIN_LINE percent.
# Counters are deleted before the build (stale ones clash with new objects)
# and after it (only the test run counts, not gtest_discover_tests' listing).

COVERAGE_DIR := out/coverage-build
COVERAGE_MIN_LINE ?= 95

.PHONY: coverage
coverage: deps-auto
	@mkdir -p $(COVERAGE_DIR)
	cmake -S . -B $(COVERAGE_DIR) -DMPFS_COVERAGE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	find $(COVERAGE_DIR) -name '*.gcda' -delete
	cmake --build $(COVERAGE_DIR) -j$(NPROC) --target mpage_port_test
	find $(COVERAGE_DIR) -name '*.gcda' -delete
	$(COVERAGE_DIR)/tests/unit/mpage_port_test --gtest_brief=1
	gcovr --root . --object-directory $(COVERAGE_DIR) --filter 'kmod/mpage/' \
		--exclude-unreachable-branches --exclude-throw-branches \
		--txt out/coverage-lines.txt --print-summary \
		--fail-under-line $(COVERAGE_MIN_LINE)
	gcovr --root . --object-directory $(COVERAGE_DIR) --filter 'kmod/mpage/' \
		--exclude-unreachable-branches --exclude-throw-branches --branches \
		--txt out/coverage-branches.txt >/dev/null
	@cat out/coverage-lines.txt out/coverage-branches.txt
