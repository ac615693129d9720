# One image for web, worker and beat (docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# postgresql-client: pg_dump/pg_restore for backup_site and restore_backup (Debian 12's 15, as the db service).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext fonts-dejavu-core curl \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 app
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# collectstatic needs a key to import settings; the real one comes from the environment at run time.
# The web service runs collectstatic again at start, into the `static` volume nginx serves: the app user owns it.
RUN SECRET_KEY=build-only-not-secret DEBUG=0 python manage.py collectstatic --noinput \
 && mkdir -p /app/media /app/private-media /app/backups \
 && chown -R app:app /app/media /app/private-media /app/backups /app/staticfiles \
 && chmod 700 /app/backups
USER app
EXPOSE 8000
CMD ["gunicorn", "tayninh_thidua.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--no-control-socket"]
