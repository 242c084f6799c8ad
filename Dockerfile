FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md alembic.ini ./
COPY planner ./planner
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir -e . \
    && useradd --create-home stepwise \
    && mkdir -p /var/lib/stepwise && chown stepwise /var/lib/stepwise
USER stepwise
EXPOSE 8000
CMD ["planner", "serve", "--host", "0.0.0.0", "--port", "8000"]
