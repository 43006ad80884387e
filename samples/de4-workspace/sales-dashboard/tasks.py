import os

from celery import Celery

celery_app = Celery("tasks", broker=os.environ["REDIS_URL"])
