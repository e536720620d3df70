"""gunicorn settings for Signpost: `gunicorn -c gunicorn.conf.py 'core:create_app()'`.

The access log goes to standard output with secrets and personal searches redacted
(core/gunicorn_logging.py). Settings given on the command line override these.
"""

logger_class = "core.gunicorn_logging.RedactingLogger"
accesslog = "-"
# The combined format, without the referrer's query (redacted anyway) or anything personal.
access_log_format = '%(h)s - - %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
