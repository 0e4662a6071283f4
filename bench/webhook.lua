-- wrk script: BililiveRecorder webhook v2 calls, each with its own EventId (so none is a retry).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
local prefix = string.format("%08x", math.random(0, 0x7fffffff))

function setup(thread)
  thread:set("tid", math.random(0, 0xffff))
end

function request()
  counter = counter + 1
  local id = string.format("%s-%04x-4000-8000-%012x", prefix, tid or 0, counter)
  local body = '{"EventType":"SessionStarted","EventTimestamp":"2026-11-22T00:00:00.000+08:00","EventId":"' .. id ..
      '","EventData":{"RoomId":23058,"ShortId":3,"Name":"bench","Title":"bench","AreaNameParent":"a",' ..
      '"AreaNameChild":"b","Recording":true,"Streaming":true,"DanmakuConnected":false,"SessionId":"' .. id .. '"}}'
  return wrk.format(nil, "/webhook/", nil, body)
end
