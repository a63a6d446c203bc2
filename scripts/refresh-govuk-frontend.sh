#!/usr/bin/env bash
# Rebuild static/govuk/ from the npm package govuk-frontend (needs Node.js and npm).
# The compiled files are checked in so that a fresh machine needs Python only.
set -euo pipefail
VERSION="${1:-5.8.0}"
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "govuk-frontend@$VERSION" sass@1
npx sass --quiet --no-source-map --style=compressed --load-path=node_modules \
  "$here/static/src/portal.scss" "$here/static/govuk/govuk-frontend.min.css"
# The crest belongs to GOV.UK alone and is not shipped: drop the one rule that points at it.
sed -i 's|url("assets/images/govuk-crest.svg")|none|g' "$here/static/govuk/govuk-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$here/static/govuk/"
licence=$(node -p "require('./node_modules/govuk-frontend/package.json').license")
cat > "$here/static/govuk/LICENCE.txt" <<TXT
GOV.UK Frontend $VERSION (https://github.com/alphagov/govuk-frontend)
Licence: $licence. Copyright (c) Crown copyright (Government Digital Service).

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
TXT
echo "govuk-frontend $VERSION, compiled by scripts/refresh-govuk-frontend.sh" > "$here/static/govuk/VERSION"
echo "static/govuk/ refreshed from govuk-frontend $VERSION"
