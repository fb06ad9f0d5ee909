/* pulse-person.h: one person of a people list, and a page of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PULSE_TYPE_PERSON (pulse_person_get_type ())

G_DECLARE_FINAL_TYPE (PulsePerson, pulse_person, PULSE, PERSON, GObject)

/* What a person is made of; texts are copied. */
typedef struct
{
  gint64      id;
  const char *role;
  const char *signed_up;
  const char *headline;
  const char *email;
  int         active_days;  /* -1: the measure has none */
  const char *last_active;
} PulsePersonFields;

PulsePerson *pulse_person_new            (const PulsePersonFields *fields);
gint64      pulse_person_get_id          (PulsePerson *self);
const char *pulse_person_get_role        (PulsePerson *self);
const char *pulse_person_get_signed_up   (PulsePerson *self);
const char *pulse_person_get_headline    (PulsePerson *self);
const char *pulse_person_get_email       (PulsePerson *self);
int         pulse_person_get_active_days (PulsePerson *self);
const char *pulse_person_get_last_active (PulsePerson *self);

/* The first page's key: lower than every person id. */
#define PULSE_PEOPLE_FIRST G_MININT64

/* One page of a list: @total is the whole list's length (-1 when the
 * page was asked without it). */
typedef struct
{
  gint64     total;
  GPtrArray *persons;
} PulsePeoplePage;

void              pulse_people_page_free           (PulsePeoplePage  *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulsePeoplePage, pulse_people_page_free)

G_END_DECLS
