from django.contrib import messages
from django.views.decorators.http import require_POST

from apps.core.csvdownload import csv_download
from apps.core.decorators import school_view
from apps.core.forms import INVALID
from apps.core.htmx import render
from apps.core.paging import ListingForm
from apps.core.responses import redirect_after_post
from apps.jobs import coupons, enroll, imports, selectors, services
from apps.jobs.forms import ColumnMappingForm, CouponBulkForm, EnrollBulkForm, UserImportForm

JOBS_PER_PAGE = 25


def _job(request, job_id: int):
    return selectors.job_get(user=request.user, connection=request.school, job_id=job_id)


@school_view()
def job_list(request):
    jobs = selectors.job_list(user=request.user, connection=request.school)
    number = ListingForm(request.GET).params["page"]
    page = selectors.paginate(jobs, page=number, per_page=JOBS_PER_PAGE)
    return render(request, "jobs/job_list.html", {"page": page}, fragment="results")


@school_view()
def job_detail(request, job_id: int):
    """The dry run, then the live progress and the per-row results (HTMX polls `live`)."""
    job = _job(request, job_id)
    rows = selectors.job_rows(job=job, page=ListingForm(request.GET).params["page"])
    context = {"job": job, "progress": selectors.job_progress(job=job), "rows": rows}
    return render(request, "jobs/job_detail.html", context, fragment="live")


@require_POST
@school_view()
def job_start(request, job_id: int):
    """The dry run is confirmed: the job is queued."""
    return _act(
        request,
        job_id,
        services.job_start,
        done="Confirmed: the job is queued and starts in a moment.",
        too_late="The job was not waiting for confirmation any more.",
    )


@require_POST
@school_view()
def job_cancel(request, job_id: int):
    return _act(
        request,
        job_id,
        services.job_cancel,
        done="Cancelled: no further row will run.",
        too_late="The job had already finished.",
    )


def _act(request, job_id: int, action, *, done: str, too_late: str):
    job = _job(request, job_id)
    if action(job=job):
        messages.success(request, done)
    else:
        messages.warning(request, too_late)
    return redirect_after_post(request, job.get_absolute_url())


@school_view()
def job_results_csv(request, job_id: int):
    job = _job(request, job_id)
    filename = f"{request.school.slug}-job-{job.pk}-{job.kind}.csv"
    return csv_download(selectors.job_csv(job=job), filename=filename)


@school_view(coupons.CouponBulk.permission)
def coupon_bulk(request, promotion_id: int):
    """How many coupons, their code length and uses; the POST makes the dry run."""
    promotion = coupons.promotion_get(client=request.thinkific, promotion_id=promotion_id)
    form = CouponBulkForm(request.POST or None)
    if form.is_valid():
        job = services.job_create(
            connection=request.school,
            user=request.user,
            kind=coupons.CouponBulk.name,
            title=f"{form.cleaned_data['bulk_quantity']} coupons for {promotion.name}",
            params=coupons.CouponBulk.params(promotion=promotion, **form.cleaned_data),
        )
        return redirect_after_post(request, job.get_absolute_url())
    return _form_page(request, form, "jobs/coupon_bulk.html", {"promotion": promotion})


@school_view(enroll.EnrollBulk.permission)
def enroll_bulk(request):
    """Emails and courses; the POST makes the dry run (planned by the worker)."""

    def title(params):
        count, names = len(params["emails"]), ", ".join(c["name"] for c in params["courses"])
        return f"Enroll {count} email{'s' if count != 1 else ''} in {names}"

    return _bulk_form(request, EnrollBulkForm, enroll.EnrollBulk, "jobs/enroll_bulk.html", title)


@school_view(imports.UserImport.permission)
def user_import(request):
    """The CSV; a readable one is kept for the next page, which maps its columns."""
    form = UserImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = services.upload_store(
            connection=request.school, user=request.user, **form.cleaned_data["file"]
        )
        return redirect_after_post(request, upload.get_absolute_url())
    return _form_page(request, form, "jobs/user_import.html")


@school_view(imports.UserImport.permission)
def user_import_map(request, upload_id: int):
    """The file's columns mapped to Thinkific's fields, with its first rows; the POST
    makes the dry run (planned by the worker)."""
    upload = selectors.upload_get(user=request.user, connection=request.school, upload_id=upload_id)
    form = ColumnMappingForm(
        request.POST or None,
        upload=upload,
        custom_fields=imports.custom_fields(connection=request.school, client=request.thinkific),
        courses=enroll.course_choices(connection=request.school, client=request.thinkific),
    )
    if form.is_valid():
        count = len(upload.rows)
        job = services.upload_import(
            upload=upload,
            kind=imports.UserImport.name,
            title=f"Import {count} user{'s' if count != 1 else ''} from {upload.name}",
            params=form.job_params(),
        )
        return redirect_after_post(request, job.get_absolute_url())
    context = {"upload": upload, "preview_rows": imports.PREVIEW_ROWS}
    return _form_page(request, form, "jobs/user_import_map.html", context)


def _bulk_form(request, form_class, kind, template: str, title):
    """A form over the school's courses whose valid POST creates a job of `kind`."""
    courses = enroll.course_choices(connection=request.school, client=request.thinkific)
    form = form_class(request.POST or None, request.FILES or None, courses=courses)
    if form.is_valid():
        params = form.job_params()
        job = services.job_create(
            connection=request.school,
            user=request.user,
            kind=kind.name,
            title=title(params),
            params=params,
        )
        return redirect_after_post(request, job.get_absolute_url())
    return _form_page(request, form, template)


def _form_page(request, form, template: str, context: dict | None = None):
    """A job's form, answered 422 when a POST was refused (its input kept)."""
    status = INVALID if form.is_bound else None
    context = {"form": form, **(context or {})}
    return render(request, template, context, fragment="form", status=status)
