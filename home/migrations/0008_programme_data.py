"""A first set of USN study programmes per faculty, as reference data for education records,
claims and the graduate import (which also accepts programme names it does not know)."""

from django.db import migrations

PROGRAMMES = [
    # faculty, code, name_nb, name_en, level
    ("HH", "BØA", "Bachelor i økonomi og administrasjon", "Bachelor in Business Administration", "bachelor"),
    ("HH", "MØA", "Master i økonomi og administrasjon", "Master of Business Administration", "master"),
    ("HH", "BRR", "Bachelor i regnskap og revisjon", "Bachelor in Accounting and Auditing", "bachelor"),
    ("HH", "MRR", "Master i regnskap og revisjon", "Master in Accounting and Auditing", "master"),
    ("HH", "BRL", "Bachelor i reiselivsledelse", "Bachelor in Tourism Management", "bachelor"),
    ("HH", "MIL", "Master i innovasjon og ledelse", "Master in Innovation and Management", "master"),
    ("HH", "EMBA", "Executive Master of Business Administration", "Executive Master of Business Administration", "continuing"),
    ("HS", "BSP", "Bachelor i sykepleie", "Bachelor in Nursing", "bachelor"),
    ("HS", "BVP", "Bachelor i vernepleie", "Bachelor in Social Education", "bachelor"),
    ("HS", "BBV", "Bachelor i barnevern", "Bachelor in Child Welfare", "bachelor"),
    ("HS", "BSA", "Bachelor i sosialt arbeid", "Bachelor in Social Work", "bachelor"),
    ("HS", "MAKS", "Master i avansert klinisk allmennsykepleie", "Master in Advanced Clinical Nursing", "master"),
    ("HS", "MHS", "Master i helsefremmende arbeid", "Master in Health Promotion", "master"),
    ("HIU", "GLU17", "Grunnskolelærerutdanning 1–7", "Primary Teacher Education 1–7", "master"),
    ("HIU", "GLU510", "Grunnskolelærerutdanning 5–10", "Primary and Lower Secondary Teacher Education 5–10", "master"),
    ("HIU", "BLU", "Barnehagelærerutdanning", "Early Childhood Teacher Education", "bachelor"),
    ("HIU", "BID", "Bachelor i idrett", "Bachelor in Sport Science", "bachelor"),
    ("HIU", "BFK", "Bachelor i folkekultur", "Bachelor in Folk Culture", "bachelor"),
    ("HIU", "MPED", "Master i pedagogikk", "Master in Education", "master"),
    ("HIU", "PPU", "Praktisk-pedagogisk utdanning", "Practical Pedagogical Education", "one_year"),
    ("TNM", "BIEL", "Bachelor i ingeniørfag – elektro og IT", "Bachelor in Electrical Engineering and IT", "bachelor"),
    ("TNM", "BIMA", "Bachelor i ingeniørfag – maskin", "Bachelor in Mechanical Engineering", "bachelor"),
    ("TNM", "MSE", "Master i systems engineering", "Master in Systems Engineering", "master"),
    ("TNM", "BNA", "Bachelor i nautikk", "Bachelor in Nautical Science", "bachelor"),
    ("TNM", "BIT", "Bachelor i informasjonssystemer", "Bachelor in Information Systems", "bachelor"),
    ("TNM", "BNF", "Bachelor i natur-, helse- og miljøvern", "Bachelor in Nature, Health and Environmental Protection", "bachelor"),
    ("TNM", "MMN", "Master i mikro- og nanosystemteknologi", "Master in Micro and Nano Systems Technology", "master"),
    ("TNM", "PHDTEK", "Ph.d. i teknologi", "PhD in Technology", "phd"),
]


def create_programmes(apps, schema_editor):
    Faculty = apps.get_model("home.Faculty")
    Programme = apps.get_model("home.Programme")
    faculties = {faculty.code: faculty for faculty in Faculty.objects.all()}
    for code, programme_code, name_nb, name_en, level in PROGRAMMES:
        Programme.objects.update_or_create(
            code=programme_code,
            defaults={
                "faculty": faculties[code],
                "name_nb": name_nb,
                "name_en": name_en,
                "degree_level": level,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0007_programme")]

    operations = [migrations.RunPython(create_programmes, migrations.RunPython.noop)]
