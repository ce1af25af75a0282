# One image for web (gunicorn), worker and beat. The build steps themselves are in
# bin/build-image-steps, which CI runs too (under an empty environment), so they cannot break
# unnoticed; here only what needs the container: system libraries, the user, file ownership.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv==0.13.8 \
 && useradd --system --create-home --uid 1000 app

WORKDIR /app
# dependencies first: this layer is rebuilt only when the lock file changes
COPY pyproject.toml uv.lock ./
COPY bin/build-image-steps bin/find-python bin/
RUN bin/build-image-steps deps
COPY . .
RUN bin/build-image-steps app && chown -R app /app/var
USER app
EXPOSE 8000
# --timeout: a request (a PDF, a large export) that hangs longer is ended and its worker replaced
CMD ["gunicorn", "wegbegleitung.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--graceful-timeout", "30", "--access-logfile", "-"]
