#pragma once
// Every feature's routes on one router, from their contexts: the server's table (Serve)
// and the one the fuzz targets drive.

#include "features/accounts/routes.hpp"
#include "features/booking/routes.hpp"
#include "features/care/routes.hpp"
#include "features/admin/routes.hpp"
#include "features/chat/routes.hpp"
#include "features/notes/routes.hpp"
#include "features/outcomes/routes.hpp"
#include "features/room/routes.hpp"
#include "features/consent/routes.hpp"
#include "features/conversations/routes.hpp"
#include "features/couples/routes.hpp"
#include "features/daily/routes.hpp"
#include "features/insights/routes.hpp"
#include "features/desires/routes.hpp"
#include "features/learn/routes.hpp"
#include "features/together/routes.hpp"
#include "features/selfcare/routes.hpp"
#include "features/therapists/routes.hpp"
#include "features/triangle/routes.hpp"
#include "features/video/routes.hpp"
#include "platform/http/http.hpp"

namespace rk::app {

struct Features {
  accounts::Context& accounts;
  couples::Context& couples;
  triangle::Context& triangle;
  learn::Context& learn;
  daily::Context& daily;
  desires::Context& desires;
  conversations::Context& conversations;
  chat::Context& chat;
  together::Context& together;
  selfcare::Context& selfcare;
  insights::Context& insights;
  therapists::Context& therapists;
  care::Context& care;
  booking::Context& booking;
  video::Context& video;
  admin::Context& admin;
  consent::Context& consent;
  room::Context& room;
  notes::Context& notes;
  outcomes::Context& outcomes;
};

void RegisterFeatureRoutes(http::Router& router, const Features& f);

}  // namespace rk::app
