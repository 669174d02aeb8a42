#!/bin/sh
# Builds the VS Code extension (kqlc.vsix) and runs its grammar tests; CI runs this when
# npm is present (only the npm registry is needed). The grammar test files are made
# from the seed rules in corpus/rules by test/make_tests.py.
set -eu
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
    echo "SKIP: npm is not installed; the VS Code extension is not built"
    exit 0
fi
npm ci --no-audit --no-fund
npm test
npm run build
