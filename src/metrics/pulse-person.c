/* pulse-person.c: one person of a people list, and a page of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-person.h"

struct _PulsePerson
{
  GObject  parent_instance;

  gint64   id;
  char    *role;
  char    *signed_up;
  char    *headline;
  char    *email;
  int      active_days;
  char    *last_active;
};

G_DEFINE_FINAL_TYPE (PulsePerson, pulse_person, G_TYPE_OBJECT)

static void
pulse_person_finalize (GObject *object)
{
  PulsePerson *self = (PulsePerson *)object;

  g_free (self->role);
  g_free (self->signed_up);
  g_free (self->headline);
  g_free (self->email);
  g_free (self->last_active);

  G_OBJECT_CLASS (pulse_person_parent_class)->finalize (object);
}

static void
pulse_person_class_init (PulsePersonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_person_finalize;
}

static void
pulse_person_init (PulsePerson *self)
{
  self->active_days = -1;
}

PulsePerson *
pulse_person_new (const PulsePersonFields *fields)
{
  PulsePerson *self = g_object_new (PULSE_TYPE_PERSON, NULL);

  self->id = fields->id;
  self->role = g_strdup (fields->role);
  self->signed_up = g_strdup (fields->signed_up);
  self->headline = g_strdup (fields->headline);
  self->email = g_strdup (fields->email);
  self->active_days = fields->active_days;
  self->last_active = g_strdup (fields->last_active);
  return self;
}

gint64
pulse_person_get_id (PulsePerson *self)
{
  g_return_val_if_fail (PULSE_IS_PERSON (self), 0);
  return self->id;
}

/* Returns: (nullable): "BUILDER" or "FINDER"; NULL for a person missing
 * from persons (known only by their events) */
const char *
pulse_person_get_role (PulsePerson *self)
{
  g_return_val_if_fail (PULSE_IS_PERSON (self), NULL);
  return self->role;
}

/* Returns: (nullable): the sign-up day in the reporting zone, ISO 8601 */
const char *
pulse_person_get_signed_up (PulsePerson *self)
{
  g_return_val_if_fail (PULSE_IS_PERSON (self), NULL);
  return self->signed_up;
}

const char *
pulse_person_get_headline (PulsePerson *self)
{
  g_return_val_if_fail (PULSE_IS_PERSON (self), NULL);
  return self->headline;
}

/* Returns: (nullable): only when the page was read with e-mail addresses */
const char *
pulse_person_get_email (PulsePerson *self)
{
  g_return_val_if_fail (PULSE_IS_PERSON (self), NULL);
  return self->email;
}

/* Returns: the measure's active days of the person, -1 if it has none */
int
pulse_person_get_active_days (PulsePerson *self)
{
  g_return_val_if_fail (PULSE_IS_PERSON (self), -1);
  return self->active_days;
}

const char *
pulse_person_get_last_active (PulsePerson *self)
{
  g_return_val_if_fail (PULSE_IS_PERSON (self), NULL);
  return self->last_active;
}

void
pulse_people_page_free (PulsePeoplePage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->persons, g_ptr_array_unref);
  g_free (page);
}
