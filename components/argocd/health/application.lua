-- Health of an argoproj.io/Application as seen by its parent (app of apps): the child's own health, so a
-- sync wave waits until the Applications of earlier waves are Healthy. Argo CD removed this check from its
-- defaults in 1.8; without it a child Application counts as Healthy as soon as it exists.
local hs = {}
hs.status = "Progressing"
hs.message = "Waiting for the Application to report its health"
if obj.status ~= nil and obj.status.health ~= nil and obj.status.health.status ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  else
    hs.message = ""
  end
end
return hs
