from django.db import migrations


class Migration(migrations.Migration):
    """An official may now mark that a picture or film shows children although the sender did
    not: the rule "no children without the guardians' consent" moves from the row to publishing
    (the contribution cannot be published, the file is never shown to the public)."""

    dependencies = [("contributions", "0009_constrain_input_channel")]

    operations = [
        migrations.RemoveConstraint(
            model_name="attachment", name="attachment_children_need_guardian_consent"
        ),
    ]
