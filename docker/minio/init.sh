#!/bin/sh
# One-shot MinIO setup, run by the `minio-init` service (image minio/mc) before the API and
# the worker start; safe to run again (every step is idempotent, and changing
# CADENZA_S3_SECRET_KEY in docker/.env updates the user's secret on the next `up`).
#
# 1. creates the media bucket (MINIO_BUCKET);
# 2. creates the MinIO user Cadenza signs in with (CADENZA_S3_ACCESS_KEY/_SECRET_KEY), allowed
#    to use that bucket and nothing else. The root credentials stay with MinIO and this script.
set -eu

: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${MINIO_BUCKET:?}" "${CADENZA_S3_ACCESS_KEY:?}" "${CADENZA_S3_SECRET_KEY:?}"
policy=cadenza-media

# MinIO may still be starting even though its healthcheck passed once: retry for a minute.
tries=0
until mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 30 ] || { echo "MinIO did not answer at http://minio:9000" >&2; exit 1; }
    sleep 2
done

mc mb --ignore-existing "local/$MINIO_BUCKET"
# Media are served only through the API (signed stream URLs): no anonymous access.
mc anonymous set none "local/$MINIO_BUCKET"

cat > /tmp/policy.json <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:*"],
      "Resource": [
        "arn:aws:s3:::$MINIO_BUCKET",
        "arn:aws:s3:::$MINIO_BUCKET/*"
      ]
    }
  ]
}
EOF
mc admin policy create local "$policy" /tmp/policy.json
mc admin user add local "$CADENZA_S3_ACCESS_KEY" "$CADENZA_S3_SECRET_KEY"
# Attaching a policy that is already attached is an error: accept it when it is in place.
if ! mc admin policy attach local "$policy" --user "$CADENZA_S3_ACCESS_KEY" 2>/tmp/attach.err; then
    mc admin user info local "$CADENZA_S3_ACCESS_KEY" | grep -q "$policy" || {
        cat /tmp/attach.err >&2
        exit 1
    }
fi
echo "MinIO bucket $MINIO_BUCKET ready for user $CADENZA_S3_ACCESS_KEY."
