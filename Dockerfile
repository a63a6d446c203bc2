FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Pango and a font for WeasyPrint, which draws the annual review pack's PDF.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir -e .
# /app/var/exports: the built exports, a volume the web and the worker share (docker-compose.yml)
RUN useradd --create-home portal && mkdir -p /app/var/exports && chown -R portal /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "compact_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
