FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir -e .
# /app/var/exports: the built exports, a volume the web and the worker share (docker-compose.yml)
RUN useradd --create-home portal && mkdir -p /app/var/exports && chown -R portal /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "compact_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
