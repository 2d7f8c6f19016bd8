-- Health of an argoproj.io/ApplicationSet as its parent (the root Application) sees it: Argo CD's stock check
-- (resource_customizations/argoproj.io/ApplicationSet/health.lua, v3.4.4), which reads only the conditions,
-- plus a roll-up of the generated Applications' health from status.resources[].health.status (filled by the
-- ApplicationSet controller since v2.12). Without the roll-up the root starts the next sync wave as soon as
-- an ApplicationSet has generated its Applications, long before they are Healthy.
local hs = {}

local function condition(conditions, type, status)
  for _, c in pairs(conditions) do
    if c.type == type and c.status == status then
      return c
    end
  end
  return nil
end

local conditions = {}
local resources = {}
if obj.status ~= nil then
  if obj.status.conditions ~= nil then
    conditions = obj.status.conditions
  end
  if obj.status.resources ~= nil then
    resources = obj.status.resources
  end
end

-- Stock: the controller could not generate or apply the Applications.
local failed = condition(conditions, "ErrorOccurred", "True") or condition(conditions, "ResourcesUpToDate", "False")
if failed ~= nil then
  hs.status = "Degraded"
  hs.message = failed.message
  return hs
end

-- Roll-up: one Degraded Application makes the set Degraded; anything short of Healthy keeps it Progressing.
local degraded = {}
local waiting = {}
for _, r in pairs(resources) do
  local status = nil
  if r.health ~= nil then
    status = r.health.status
  end
  if status == "Degraded" then
    table.insert(degraded, r.name)
  elseif status ~= "Healthy" then
    table.insert(waiting, r.name .. " (" .. (status or "no health yet") .. ")")
  end
end
if #degraded > 0 then
  hs.status = "Degraded"
  hs.message = "Degraded Applications: " .. table.concat(degraded, ", ")
  return hs
end

-- Stock: a progressive sync is rolling out.
local rolling = condition(conditions, "RolloutProgressing", "True")
if rolling ~= nil then
  hs.status = "Progressing"
  hs.message = rolling.message
  return hs
end

if #waiting > 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for " .. #waiting .. " of " .. #resources .. " Applications to be Healthy: " .. table.concat(waiting, ", ")
  return hs
end

-- Stock: every Application is generated and up to date (and, from the roll-up, Healthy).
local upToDate = condition(conditions, "ResourcesUpToDate", "True")
if upToDate ~= nil then
  hs.status = "Healthy"
  hs.message = upToDate.message
  return hs
end

hs.status = "Progressing"
hs.message = "Waiting for the status to be reported"
return hs
